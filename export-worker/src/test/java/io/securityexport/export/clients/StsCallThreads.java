package io.securityexport.export.clients;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.scheduler.Schedulers;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/**
 * Writes down the thread of every AssumeRole call the SDK makes in this test JVM: "non-blocking …" when Reactor counts
 * it as one (an event loop, the parallel scheduler). Registered for every SDK client through the classpath file
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}; it changes no request.
 */
public final class StsCallThreads implements ExecutionInterceptor {

    static final List<String> THREADS = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof AssumeRoleRequest) {
            THREADS.add((Schedulers.isInNonBlockingThread() ? "non-blocking " : "")
                    + Thread.currentThread().getName());
        }
    }
}
