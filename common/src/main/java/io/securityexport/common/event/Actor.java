package io.securityexport.common.event;

/** The dashboard user who caused an event, with the email they had at that moment. */
public record Actor(String developerId, String email) {}
