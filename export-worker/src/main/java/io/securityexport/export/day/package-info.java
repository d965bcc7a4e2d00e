/**
 * A company-day's export, one feature from the job to the object: {@code ExportJobListener} takes the job,
 * {@code DayExport} runs it under the day's lock ({@code DayLocks}) with the company's settings from the config
 * service's read model ({@code ExportTargets}), {@code DayCsv} streams the day through {@code CsvParts}, which cuts the
 * parts and declares the last one with the file's summary, {@code DayObjectUpload} writes them, and
 * {@code ExportResults} reports the outcome. Nothing here is used from outside: every type is package-private.
 */
package io.securityexport.export.day;
