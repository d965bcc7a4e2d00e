package io.securityexport.ingest.events;

import java.time.Instant;
import java.time.LocalDate;

/** When a statement's rows were received: the stamp of the midnight rule and the day partition they go to. */
record Receipt(Instant receivedAt, LocalDate receivedDay) {}
