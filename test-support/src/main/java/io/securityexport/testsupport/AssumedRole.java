package io.securityexport.testsupport;

/** A successful AssumeRole: who the caller now is and with which credentials. */
record AssumedRole(String assumedRoleId, String arn, SessionCredentials credentials) {}
