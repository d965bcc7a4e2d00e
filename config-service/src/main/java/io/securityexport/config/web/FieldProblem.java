package io.securityexport.config.web;

/** One field of a request that is not acceptable, and why, in words for the admin. */
public record FieldProblem(String field, String message) {}
