package io.securityexport.export.day;

/**
 * One upload part of a day's file, as its producer ({@link CsvParts}) cuts it. The producer declares the end of the
 * file: the last part says so and carries the summary of the whole file, so the upload never has to guess which part
 * ends the file or ask for the summary through a side channel afterwards (the writer declares the end, as
 * kafka-connect-storage-cloud's {@code S3OutputStream.commit()} does).
 */
sealed interface Part {

    byte[] bytes();

    /** A part with more to come: at least the part size, as S3 requires of every part but the last. */
    record Middle(byte[] bytes) implements Part {}

    /** The file's last part (an empty day: the only one, holding the header) and what the whole file is. */
    record Last(byte[] bytes, FileSummary summary) implements Part {}
}
