package io.securityexport.benchmarks;

import io.securityexport.common.export.ExportObjectKey;
import io.securityexport.common.export.FolderPath;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/** One day's files in the bucket, as an admin sees them: checked against what every company should have got. */
final class DayObjects {

    private static final int DELETE_BATCH = 1000;

    private final S3Client s3;
    private final FanOutData data;

    DayObjects(S3Client s3, FanOutData data) {
        this.s3 = s3;
        this.data = data;
    }

    /**
     * @param missing companies without their file
     * @param unexpected keys under the day's folder that no company should have
     * @param wrongRowCount files whose line count is not header + the company's events
     */
    record Check(int objects, List<String> missing, List<String> unexpected, List<String> wrongRowCount) {

        boolean passed() {
            return missing.isEmpty() && unexpected.isEmpty() && wrongRowCount.isEmpty();
        }
    }

    /**
     * Every small company's file with header + its events; the giant's file present exactly when it was enabled
     * (its size is not read back: the run history's row count is its check).
     */
    Check check(LocalDate day, boolean withGiant) {
        List<String> keys = keys(day);
        Set<String> present = new HashSet<>(keys);
        Set<String> expected = new HashSet<>();
        List<String> missing = new ArrayList<>();
        List<String> wrongRowCount = new ArrayList<>();
        for (String companyId : data.companyIds().toList()) {
            String key = ExportObjectKey.of(new FolderPath(FanOutData.FOLDER), companyId, day);
            expected.add(key);
            if (!present.contains(key)) {
                missing.add(companyId);
            } else if (lines(key) != 1 + data.eventsPerCompany()) {
                wrongRowCount.add(key);
            }
        }
        if (withGiant) {
            String giant = ExportObjectKey.of(new FolderPath(FanOutData.FOLDER), FanOutData.GIANT, day);
            expected.add(giant);
            if (!present.contains(giant)) {
                missing.add(FanOutData.GIANT);
            }
        }
        List<String> unexpected =
                keys.stream().filter(key -> !expected.contains(key)).toList();
        return new Check(keys.size(), missing, unexpected, wrongRowCount);
    }

    /** Keeps the in-memory S3 store from growing round after round. */
    void delete(LocalDate day) {
        List<ObjectIdentifier> objects = keys(day).stream()
                .map(key -> ObjectIdentifier.builder().key(key).build())
                .toList();
        for (int from = 0; from < objects.size(); from += DELETE_BATCH) {
            List<ObjectIdentifier> batch = objects.subList(from, Math.min(from + DELETE_BATCH, objects.size()));
            s3.deleteObjects(request -> request.bucket(data.bucket())
                    .delete(delete -> delete.objects(batch).quiet(true)));
        }
    }

    private List<String> keys(LocalDate day) {
        String folder = FanOutData.FOLDER + "/"
                + DateTimeFormatter.ofPattern("uuuu/MM/dd").format(day) + "/";
        return s3
                .listObjectsV2Paginator(request -> request.bucket(data.bucket()).prefix(folder))
                .contents()
                .stream()
                .map(S3Object::key)
                .toList();
    }

    /** Lines of the file; the synthetic events hold no line breaks inside quoted fields, so each row is one line. */
    private long lines(String key) {
        byte[] content = s3.getObjectAsBytes(
                        request -> request.bucket(data.bucket()).key(key))
                .asByteArray();
        long lines = 0;
        for (byte b : content) {
            if (b == '\n') {
                lines++;
            }
        }
        return content.length > 0 && content[content.length - 1] != '\n' ? lines + 1 : lines;
    }
}
