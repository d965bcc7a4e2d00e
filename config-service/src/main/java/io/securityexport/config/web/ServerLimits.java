package io.securityexport.config.web;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.securityexport.config.ConfigProperties;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpRequestDecoderSpec;
import reactor.netty.http.server.HttpServer;

/**
 * The server side of {@link ConfigProperties.Api}: what Reactor Netty does with a client that is slow, idle or sends
 * too much. Netty's own timeouts cover the body ({@code requestTimeout}: {@link BodyTimeout} turns its error into a
 * 408, then Netty closes) and idle kept-alive connections ({@code idleTimeout}); neither covers a request head sent
 * byte by byte, as each byte resets a read timeout, so {@link HeadDeadline} does. Headers over the limit fail Netty's decoder; {@link UndecodableHeads}
 * answers them 431 and closes.
 */
@Component
class ServerLimits implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory>, WebFluxConfigurer, Ordered {

    private static final String RAW_BYTES = "security-export.headDeadline.bytes";
    private static final String HEAD = "security-export.headDeadline.head";
    private static final String UNDECODABLE = "security-export.undecodableHeads";

    private final ConfigProperties.Api api;

    ServerLimits(ConfigProperties properties) {
        this.api = properties.api();
    }

    /**
     * Added last, after Boot's own customizer has applied {@code server.*} (whose 8 KiB
     * {@code max-http-request-header-size} would otherwise replace ours): these settings win over Boot's.
     */
    @Override
    public void customize(NettyReactiveWebServerFactory factory) {
        factory.addServerCustomizers(this::limit);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    private HttpServer limit(HttpServer server) {
        return withMaxHeaderSize(server)
                .idleTimeout(api.idleTimeout())
                .requestTimeout(api.bodyTimeout())
                .doOnChannelInit((observer, channel, remote) -> guardRequestHeads(channel));
    }

    /** Netty builds the decoder settings anew: the ones Boot set from {@code server.netty.*} are carried over. */
    private HttpServer withMaxHeaderSize(HttpServer server) {
        HttpRequestDecoderSpec current = server.configuration().decoder();
        return server.httpRequestDecoder(decoder -> decoder.maxInitialLineLength(current.maxInitialLineLength())
                .validateHeaders(current.validateHeaders())
                .initialBufferSize(current.initialBufferSize())
                .allowDuplicateContentLengths(current.allowDuplicateContentLengths())
                .allowPartialChunks(current.allowPartialChunks())
                .h2cMaxContentLength(current.h2cMaxContentLength())
                .maxHeaderSize((int) api.maxHeaderSize().toBytes()));
    }

    /** The codecs may hold a whole body in memory; never more than the API accepts. */
    @Override
    public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
        configurer.defaultCodecs().maxInMemorySize((int) api.maxBodySize().toBytes());
    }

    private void guardRequestHeads(Channel channel) {
        if (channel.pipeline().get(NettyPipeline.HttpCodec) == null) {
            return; // not an HTTP/1.1 connection (none is configured): nothing to guard
        }
        HeadDeadline deadline = new HeadDeadline(api.headerTimeout());
        channel.pipeline().addBefore(NettyPipeline.HttpCodec, RAW_BYTES, deadline.bytes());
        channel.pipeline().addAfter(NettyPipeline.HttpCodec, HEAD, deadline.head());
        channel.pipeline().addAfter(HEAD, UNDECODABLE, new UndecodableHeads());
    }

    /**
     * Closes the connection when a request head (request line and headers) is not complete within the timeout of
     * its first byte. Two handlers share it: one before the HTTP decoder sees raw bytes arrive, one after it sees the
     * decoded head and the end of the response (after which the next bytes begin a new head). Both run on the
     * connection's event loop, so the state needs no locking.
     */
    static final class HeadDeadline {
        private final long timeoutNanos;
        private ScheduledFuture<?> pending;
        /** Between a decoded head and the end of its response: bytes now are the body, not a head. */
        private boolean inRequest;

        HeadDeadline(Duration timeout) {
            this.timeoutNanos = timeout.toNanos();
        }

        ChannelInboundHandlerAdapter bytes() {
            return new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    if (!inRequest && pending == null && msg instanceof ByteBuf buffer && buffer.isReadable()) {
                        pending = ctx.executor().schedule((Runnable) ctx::close, timeoutNanos, TimeUnit.NANOSECONDS);
                    }
                    ctx.fireChannelRead(msg);
                }

                @Override
                public void channelInactive(ChannelHandlerContext ctx) {
                    cancel();
                    ctx.fireChannelInactive();
                }
            };
        }

        ChannelDuplexHandler head() {
            return new ChannelDuplexHandler() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    if (msg instanceof HttpRequest) {
                        cancel();
                        inRequest = true;
                    }
                    ctx.fireChannelRead(msg);
                }

                @Override
                public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                    if (msg instanceof LastHttpContent) {
                        inRequest = false;
                    }
                    ctx.write(msg, promise);
                }
            };
        }

        private void cancel() {
            if (pending != null) {
                pending.cancel(false);
                pending = null;
            }
        }
    }
}
