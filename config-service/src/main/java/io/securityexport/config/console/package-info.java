/**
 * The admin console: a static page (HTML, CSS, JavaScript and one text file per language under
 * {@code static/admin/}) on the same API as curl uses; no build step, no Node toolchain. Served at {@code /admin}
 * with a Content-Security-Policy that allows only the page's own files, so nothing a tenant typed can run.
 */
package io.securityexport.config.console;
