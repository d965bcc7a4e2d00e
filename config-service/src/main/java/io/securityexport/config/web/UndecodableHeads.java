package io.securityexport.config.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;

/**
 * Answers a request head the HTTP decoder could not decode (headers over {@code api.max-header-size}: 431; a request
 * line too long: 414; anything else: 400) and closes the connection, instead of leaving it to Reactor Netty.
 *
 * <p>Why: Reactor Netty (1.3.6 and 1.3.8 alike) writes its answer to such a head through the previous request's
 * operations when that request's response has been sent but its operations have not yet terminated, a window of a
 * few milliseconds on a kept-alive connection. Those operations are already complete, so the answer is never written
 * and the connection neither answers nor closes until the idle timeout (the API load benchmark saw this in about one
 * in ten such requests; {@code ApiLimitsIntegrationTest} repeats it). Here the refusal does not depend on that state.
 *
 * <p>Placed right after the HTTP codec, so it sees decoded heads before Reactor Netty does and its answer goes
 * straight to the encoder. Runs on the connection's event loop: the state needs no locking.
 */
final class UndecodableHeads extends ChannelDuplexHandler {

    /** Between a decoded head and the end of its response. */
    private boolean responding;
    /** A refusal that waits for the response in flight (a pipelining client), so that answers keep their order. */
    private FullHttpResponse deferred;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (request.decoderResult().isSuccess()) {
            responding = true;
            ctx.fireChannelRead(msg);
            return;
        }
        FullHttpResponse refusal = refusal(request.decoderResult().cause());
        ReferenceCountUtil.release(msg);
        if (responding) {
            if (deferred == null) {
                deferred = refusal; // the decoder reads nothing after a failure: there is never a second one
            }
        } else {
            refuseAndClose(ctx, refusal);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ctx.write(msg, promise);
        if (msg instanceof LastHttpContent) {
            responding = false;
            if (deferred != null) {
                FullHttpResponse refusal = deferred;
                deferred = null;
                refuseAndClose(ctx, refusal);
            }
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (deferred != null) {
            deferred.release();
            deferred = null;
        }
    }

    private static void refuseAndClose(ChannelHandlerContext ctx, FullHttpResponse refusal) {
        ctx.writeAndFlush(refusal).addListener(ChannelFutureListener.CLOSE);
    }

    /** The answers Netty's own decoding failures get, so that only their reliability changes. */
    private static FullHttpResponse refusal(Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        HttpResponseStatus status;
        if (cause instanceof TooLongHttpHeaderException) {
            status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        } else if (cause instanceof TooLongHttpLineException) {
            status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
        } else {
            status = HttpResponseStatus.BAD_REQUEST;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
        response.headers()
                .setInt(HttpHeaderNames.CONTENT_LENGTH, 0)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }
}
