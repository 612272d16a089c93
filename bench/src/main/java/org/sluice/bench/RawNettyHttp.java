package org.sluice.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * The baseline of the HTTP benchmark: the smallest reasonable Netty HTTP/1.1 server.
 *
 * <p>One event loop thread (epoll when available, else NIO) both accepts and serves, with
 * Netty's {@link HttpServerCodec} and no aggregator. Every request, whatever its method and
 * target, gets the same canned {@code 200 OK} with {@code Content-Type: text/plain} and the
 * 13-byte body {@code Hello, world\n} (no {@code Date}, no {@code Server}: it does not look at the
 * file system or the clock). Connections are kept alive unless the request says otherwise;
 * responses are flushed once per read burst, so pipelined requests share a write.
 *
 * <p>Usage: {@code java -cp bench/target/classes:bench/target/lib/* org.sluice.bench.RawNettyHttp
 * PORT [BIND_ADDRESS]} (default address 127.0.0.1). Prints one line when ready and runs until
 * killed.
 */
public final class RawNettyHttp {

    private static final ByteBuf BODY = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(13).writeBytes("Hello, world\n".getBytes(StandardCharsets.US_ASCII)).asReadOnly());

    private RawNettyHttp() {}

    /** Answers each request once its last content arrives; one instance per connection. */
    static final class HelloHandler extends ChannelInboundHandlerAdapter {
        private boolean keepAlive = true;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest request) {
                    keepAlive = HttpUtil.isKeepAlive(request);
                }
                if (msg instanceof LastHttpContent) {
                    respond(ctx);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void respond(ChannelHandlerContext ctx) {
            FullHttpResponse response =
                    new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, BODY.duplicate());
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.readableBytes());
            if (keepAlive) {
                ctx.write(response, ctx.voidPromise());
            } else {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        RawNettyServer.run("RawNettyHttp", args, new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) {
                channel.pipeline().addLast(new HttpServerCodec(), new HelloHandler());
            }
        });
    }
}
