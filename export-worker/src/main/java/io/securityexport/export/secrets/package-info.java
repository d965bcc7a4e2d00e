/**
 * The keys that open customers' sealed secrets: the {@link io.securityexport.common.secret.SecretKeyring} bean, which
 * the worker refuses to build from a key published in this repository unless {@code security-export.demo-keys-allowed}
 * says this is a demo or a test. Nothing here is used by name from outside.
 */
package io.securityexport.export.secrets;
