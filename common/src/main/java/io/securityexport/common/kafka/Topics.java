package io.securityexport.common.kafka;

/** Default topic names (CONTRACTS.md). Every service takes them from configuration, so tests can isolate topics. */
public final class Topics {
    public static final String SECURITY_EVENTS = "security-events";
    public static final String SECURITY_EVENTS_DLT = "security-events.DLT";
    public static final String DASHBOARD_USERS = "dashboard-users";
    public static final String DASHBOARD_USERS_DLT = "dashboard-users.DLT";
    public static final String EXPORT_JOBS = "security-export-jobs";
    public static final String EXPORT_RESULTS = "security-export-results";

    private Topics() {}
}
