/**
 * Reaching companies' buckets: {@link io.securityexport.export.clients.CompanyClients} hands out a ready S3 client
 * per company credential and region. Everything else here is internal.
 */
package io.securityexport.export.clients;
