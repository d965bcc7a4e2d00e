package io.securityexport.testsupport;

/** A started service and how to stop it. */
record Started<T>(T service, AutoCloseable stopper) {}
