package io.securityexport.testsupport;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.shaded.org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.gaul.shaded.org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.gaul.shaded.org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the embedded s3proxy answer 403 AccessDenied to the {@link S3Permission}s that
 * {@link S3AccessPolicy} denies an access key, after s3proxy has checked the request's signature.
 *
 * <p>Three parts work together, all on the Jetty thread that serves the request:
 * <ol>
 *   <li>This servlet filter, in front of s3proxy's servlet, classifies the request by its HTTP shape
 *       ({@link S3RequestPermissions}) and keeps that in a thread-local for the request's duration.
 *       Classifying by request rather than by blob-store method matters: s3proxy reaches the same
 *       store methods from several operations (PutObject and CompleteMultipartUpload read metadata,
 *       CreateMultipartUpload writes a stub blob, CompleteMultipartUpload removes it), so denying
 *       GET_OBJECT or DELETE_OBJECT per method would break uploads.</li>
 *   <li>The {@link org.gaul.s3proxy.BlobStoreLocator} calls {@link #storeFor}: it records the request's
 *       identity and, for a key that has denials, hands s3proxy a {@link DenyingBlobStore}. s3proxy
 *       verifies the signature after locating the store but before its first use, so that store's
 *       first use throws AccessDenied only for authenticated requests, before anything is read or
 *       written: a wrong secret stays SignatureDoesNotMatch, an unknown key InvalidAccessKeyId.</li>
 *   <li>GetBucketLocation never reaches the blob store (s3proxy 4.1.0 answers it from
 *       {@code handleContainerLocation} without a store call), so for {@code GET ?location} this filter
 *       buffers s3proxy's small answer and, if it is a 200 (which s3proxy only sends once the signature
 *       checked out) for a key denied GET_BUCKET_LOCATION, replaces it with the AccessDenied error; for a
 *       bucket that does not exist with AWS's 404 NoSuchBucket (s3proxy answers a location for any name); and
 *       for a bucket created in another region ({@link S3Server#createBucket(String, String)}) names that
 *       region, where s3proxy always says us-east-1.</li>
 * </ol>
 * s3proxy offers no API for filters; {@link #installIn} reaches its Jetty server by reflection.
 */
final class S3PermissionEnforcer implements Filter {

    private static final Logger log = LoggerFactory.getLogger(S3PermissionEnforcer.class);
    static final String ACCESS_DENIED_CODE = "AccessDenied";
    static final String ACCESS_DENIED_MESSAGE = "Access Denied";
    static final String NO_SUCH_BUCKET_CODE = "NoSuchBucket";
    static final String NO_SUCH_BUCKET_MESSAGE = "The specified bucket does not exist";

    /** The request being served on this thread, if it needs a permission a test can deny. */
    private static final class CurrentRequest {

        final S3RequestPermissions permissions;
        volatile String accessKeyId;
        volatile BlobStore store;

        CurrentRequest(S3RequestPermissions permissions) {
            this.permissions = permissions;
        }
    }

    private final S3AccessPolicy policy;
    private final Map<String, String> regionsByBucket;
    private final ThreadLocal<CurrentRequest> current = new ThreadLocal<>();

    S3PermissionEnforcer(S3AccessPolicy policy) {
        this(policy, Map.of());
    }

    /** @param regionsByBucket the region GetBucketLocation names for a bucket (consulted per request); us-east-1 else */
    S3PermissionEnforcer(S3AccessPolicy policy, Map<String, String> regionsByBucket) {
        this.policy = policy;
        this.regionsByBucket = regionsByBucket;
    }

    /** Puts this filter in front of s3proxy's servlet; call before {@link S3Proxy#start()}. */
    void installIn(S3Proxy proxy) {
        ServletContextHandler context;
        try {
            Field serverField = S3Proxy.class.getDeclaredField("server");
            serverField.setAccessible(true);
            context = ((Server) serverField.get(proxy)).getDescendant(ServletContextHandler.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot reach s3proxy's Jetty server (written against s3proxy 4.1.0)", e);
        }
        if (context == null) {
            throw new IllegalStateException(
                    "s3proxy's Jetty server has no servlet context (written against s3proxy 4.1.0)");
        }
        context.addFilter(new FilterHolder(this), "/*", EnumSet.of(DispatcherType.REQUEST));
    }

    /**
     * For the blob-store locator, which s3proxy calls with the request's claimed identity once the key
     * is known to exist: the store this key's request may use.
     */
    BlobStore storeFor(String accessKeyId, BlobStore store) {
        CurrentRequest request = current.get();
        if (request != null) {
            request.accessKeyId = accessKeyId;
            request.store = store;
        }
        return policy.mayDeny(accessKeyId) ? new DenyingBlobStore(store, this, accessKeyId) : store;
    }

    /** Throws AccessDenied if the request served on this thread needs a permission denied to the key. */
    void checkCurrentRequest(String accessKeyId) {
        CurrentRequest request = current.get();
        if (request == null) {
            return;
        }
        for (S3RequestPermissions.Required required : request.permissions.required()) {
            if (policy.isDenied(accessKeyId, required.permission(), required.bucket())) {
                log.info("S3 denies {} on bucket {} to {}", required.permission(), required.bucket(), accessKeyId);
                throw accessDenied();
            }
        }
    }

    /** Whether the request served on this thread is a multi-object delete whose keys the key may not delete. */
    boolean deniesMultiDelete(String accessKeyId) {
        CurrentRequest request = current.get();
        boolean denied = request != null
                && request.permissions
                        .multiDeleteBucket()
                        .filter(bucket -> policy.isDenied(accessKeyId, S3Permission.DELETE_OBJECT, bucket))
                        .isPresent();
        if (denied) {
            log.info("S3 denies DELETE_OBJECT in a multi-object delete to {}", accessKeyId);
        }
        return denied;
    }

    static S3ProxyException accessDenied() {
        return new S3ProxyException(S3ErrorCode.ACCESS_DENIED, ACCESS_DENIED_MESSAGE);
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        S3RequestPermissions permissions = S3RequestPermissions.of(
                request.getMethod(),
                request.getRequestURI(),
                request.getQueryString(),
                request.getHeader("x-amz-copy-source"));
        if (permissions.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        CurrentRequest currentRequest = new CurrentRequest(permissions);
        current.set(currentRequest);
        try {
            if (permissions.required().stream().anyMatch(r -> r.permission() == S3Permission.GET_BUCKET_LOCATION)) {
                serveBucketLocation(request, response, chain, currentRequest);
            } else {
                chain.doFilter(request, response);
            }
        } finally {
            current.remove();
            drainBody(request);
        }
    }

    /**
     * A denial is raised before s3proxy reads the request body; if the connection then closed with the client still
     * sending, the client would see a broken pipe instead of the 403 (as it did, now and then). Reading what is left
     * keeps the answer an answer.
     */
    private static void drainBody(HttpServletRequest request) {
        try {
            request.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException | IllegalStateException alreadyConsumedOrClosed) {
            // nothing left to read
        }
    }

    private void serveBucketLocation(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain, CurrentRequest currentRequest)
            throws IOException, ServletException {
        BufferedResponse buffered = new BufferedResponse(response);
        chain.doFilter(request, buffered);
        String accessKeyId = currentRequest.accessKeyId;
        String bucket = currentRequest.permissions.required().get(0).bucket();
        // 200 only once s3proxy authenticated the request; errors pass through unchanged
        boolean authenticated =
                buffered.getStatus() == HttpServletResponse.SC_OK && accessKeyId != null && !response.isCommitted();
        if (!authenticated) {
            buffered.copyBodyToResponse();
        } else if (currentRequest.store != null && !currentRequest.store.containerExists(bucket)) {
            // s3proxy 4.1.0 answers every bucket's location, existing or not; AWS answers 404 NoSuchBucket, and
            // Test Credentials must not report a missing bucket's check as passed
            log.info("S3 answers NoSuchBucket to GetBucketLocation of {}", bucket);
            response.reset();
            writeError(response, HttpServletResponse.SC_NOT_FOUND, NO_SUCH_BUCKET_CODE, NO_SUCH_BUCKET_MESSAGE, bucket);
        } else if (policy.isDenied(accessKeyId, S3Permission.GET_BUCKET_LOCATION, bucket)) {
            log.info("S3 denies GET_BUCKET_LOCATION on bucket {} to {}", bucket, accessKeyId);
            response.reset();
            writeError(response, HttpServletResponse.SC_FORBIDDEN, ACCESS_DENIED_CODE, ACCESS_DENIED_MESSAGE, null);
        } else if (regionsByBucket.containsKey(bucket)) {
            // s3proxy always answers an empty LocationConstraint (us-east-1); a bucket made in another region says so
            response.reset();
            writeLocation(response, regionsByBucket.get(bucket));
        } else {
            buffered.copyBodyToResponse();
        }
    }

    /** The location document S3 sends: empty for us-east-1, else the region. */
    private static void writeLocation(HttpServletResponse response, String region) throws IOException {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        + "<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                        + ("us-east-1".equals(region) ? "" : region) + "</LocationConstraint>")
                .getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/xml; charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The error document S3 sends, as s3proxy writes its own; NoSuchBucket names the bucket, as AWS does. */
    private static void writeError(HttpServletResponse response, int status, String code, String message, String bucket)
            throws IOException {
        String requestId = RandomStrings.lowerHex(16).toUpperCase(Locale.ROOT);
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
                        + message + "</Message>" + (bucket == null ? "" : "<BucketName>" + bucket + "</BucketName>")
                        + "<RequestId>" + requestId + "</RequestId></Error>")
                .getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setHeader("x-amz-request-id", requestId);
        response.setContentType("application/xml; charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Holds back the body (status and headers go through) until the filter has decided. */
    private static final class BufferedResponse extends HttpServletResponseWrapper {

        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private ServletOutputStream outputStream;
        private PrintWriter writer;

        BufferedResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() {
            if (outputStream == null) {
                outputStream = new ServletOutputStream() {
                    @Override
                    public void write(int b) {
                        body.write(b);
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) {
                        body.write(bytes, offset, length);
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        throw new UnsupportedOperationException("buffered response");
                    }
                };
            }
            return outputStream;
        }

        @Override
        public PrintWriter getWriter() {
            if (writer == null) {
                String encoding = getCharacterEncoding();
                writer = new PrintWriter(new OutputStreamWriter(
                        body, encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding)));
            }
            return writer;
        }

        @Override
        public void flushBuffer() {
            if (writer != null) {
                writer.flush();
            }
        }

        @Override
        public void resetBuffer() {
            super.resetBuffer();
            body.reset();
        }

        @Override
        public void reset() {
            super.reset();
            body.reset();
        }

        void copyBodyToResponse() throws IOException {
            flushBuffer();
            if (body.size() > 0) {
                getResponse().getOutputStream().write(body.toByteArray());
            }
        }
    }
}
