package io.securityexport.common.event;

/** The outcome of reading one {@code security-events} record: an event, or the rule it broke. */
public sealed interface ParsedEvent {

    record Valid(SecurityEvent event) implements ParsedEvent {}

    /** @param detail a sentence for operators; never contains field values other than IDs */
    record Rejected(RejectionReason reason, String detail) implements ParsedEvent {}
}
