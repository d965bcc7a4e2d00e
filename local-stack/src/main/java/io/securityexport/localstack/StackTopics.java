package io.securityexport.localstack;

import io.securityexport.common.kafka.Topics;
import java.util.List;

/** The six topic names one running system uses; prefixed ones keep test classes apart on a shared broker. */
public record StackTopics(
        String events,
        String deadLetter,
        String dashboardUsers,
        String dashboardUsersDeadLetter,
        String exportJobs,
        String exportResults) {

    public static StackTopics defaults() {
        return new StackTopics(
                Topics.SECURITY_EVENTS,
                Topics.SECURITY_EVENTS_DLT,
                Topics.DASHBOARD_USERS,
                Topics.DASHBOARD_USERS_DLT,
                Topics.EXPORT_JOBS,
                Topics.EXPORT_RESULTS);
    }

    public static StackTopics prefixed(String prefix) {
        StackTopics defaults = defaults();
        return new StackTopics(
                prefix + "." + defaults.events,
                prefix + "." + defaults.deadLetter,
                prefix + "." + defaults.dashboardUsers,
                prefix + "." + defaults.dashboardUsersDeadLetter,
                prefix + "." + defaults.exportJobs,
                prefix + "." + defaults.exportResults);
    }

    public List<String> all() {
        return List.of(events, deadLetter, dashboardUsers, dashboardUsersDeadLetter, exportJobs, exportResults);
    }
}
