package io.securityexport.config.runs;

import java.util.List;
import java.util.Optional;

/** One page of the run history, newest first, and where the next one starts (empty on the last page). */
public record HistoryPage(List<ExportRun> runs, Optional<HistoryCursor> next) {}
