package io.securityexport.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every save the API accepted, per tenant: the version its answer named and the folder path it wrote. The settings'
 * version goes up by one per save, so with nothing lost the accepted saves of a tenant carry distinct versions, the
 * final version is the created one plus their number, and the final settings are what the save with that version
 * wrote. A save without an answer (a timeout) may or may not have happened: it widens the check instead of failing it.
 */
final class SaveLedger {

    record Save(long version, String folderPath) {}

    /** What the check found for one tenant; {@code lost} counts accepted saves the final state does not account for. */
    record Verdict(String companyId, int accepted, long finalVersion, long lost, List<String> problems) {}

    private final Map<String, List<Save>> accepted = new ConcurrentHashMap<>();
    private final Map<String, Integer> unknown = new ConcurrentHashMap<>();

    void accepted(String companyId, long version, String folderPath) {
        List<Save> saves = accepted.computeIfAbsent(companyId, id -> new ArrayList<>());
        synchronized (saves) {
            saves.add(new Save(version, folderPath));
        }
    }

    void unanswered(String companyId) {
        unknown.merge(companyId, 1, Integer::sum);
    }

    long acceptedSaves() {
        return accepted.values().stream().mapToLong(List::size).sum();
    }

    /**
     * @param createdVersion the version the tenant's settings had before the load began
     * @param finalVersion   the version the API shows once the load is over
     * @param finalFolder    the folder path it shows then
     */
    Verdict verify(String companyId, long createdVersion, long finalVersion, String finalFolder) {
        List<Save> saves;
        List<Save> recorded = accepted.getOrDefault(companyId, List.of());
        synchronized (recorded) {
            saves = List.copyOf(recorded);
        }
        int unanswered = unknown.getOrDefault(companyId, 0);
        List<String> problems = new ArrayList<>();
        Set<Long> versions = new HashSet<>();
        Map<Long, String> written = new HashMap<>();
        long duplicates = 0;
        for (Save save : saves) {
            if (!versions.add(save.version())) {
                duplicates++;
                problems.add("two accepted saves were both answered version " + save.version());
            }
            written.put(save.version(), save.folderPath());
        }
        long applied = finalVersion - createdVersion;
        long lost = Math.max(0, saves.size() - applied) + duplicates;
        if (applied < saves.size()) {
            problems.add("%d saves accepted, but the version went from %d to %d only"
                    .formatted(saves.size(), createdVersion, finalVersion));
        } else if (applied > saves.size() + unanswered) {
            problems.add(
                    "%d saves accepted (%d unanswered), but the version went from %d to %d: a save nobody was told of"
                            .formatted(saves.size(), unanswered, createdVersion, finalVersion));
        }
        String last = written.get(finalVersion);
        if (last != null && !last.equals(finalFolder)) {
            lost++;
            problems.add("the save answered version %d wrote folderPath %s, but the final settings show %s"
                    .formatted(finalVersion, last, finalFolder));
        }
        return new Verdict(companyId, saves.size(), finalVersion, lost, problems);
    }
}
