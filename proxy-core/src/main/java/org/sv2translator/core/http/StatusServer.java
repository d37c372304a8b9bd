package org.sv2translator.core.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sv2translator.core.Translator;
import org.sv2translator.core.metrics.TranslatorMetrics;

/**
 * The operator's HTTP port, on Netty like everything else and on a thread of its own so a slow scrape never
 * delays a miner: {@code /metrics} (Prometheus text), {@code /health} (200 while miners are served, 503 otherwise:
 * for Docker and Kubernetes probes), {@code /api/status} (JSON) and {@code /} (the status page, one static file
 * with no external resources).
 */
public final class StatusServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatusServer.class);
    /** Requests are GETs without bodies; anything larger is not ours. */
    static final int MAX_REQUEST_BYTES = 8192;
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Translator translator;
    private final PrometheusMeterRegistry registry;
    private final TranslatorMetrics metrics;
    private final HashrateHistory history;
    private final byte[] page;
    private final ObjectMapper json = new ObjectMapper();
    private final long startedMillis = System.currentTimeMillis();
    private EventLoopGroup group;
    private Channel serverChannel;

    public StatusServer(Translator translator, PrometheusMeterRegistry registry, TranslatorMetrics metrics) {
        this.translator = translator;
        this.registry = registry;
        this.metrics = metrics;
        this.history = new HashrateHistory(() -> translator.status().hashrate());
        this.page = resource("status.html");
    }

    /** Binds (port 0: any free port) and starts sampling the hashrate history. Blocks until bound. */
    public InetSocketAddress start(InetSocketAddress bind) {
        group = new NioEventLoopGroup(1);
        try {
            serverChannel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new ReadTimeoutHandler(30), new HttpServerCodec(),
                                    new HttpObjectAggregator(MAX_REQUEST_BYTES), new Router());
                        }
                    }).bind(bind).syncUninterruptibly().channel();
        } catch (Exception e) { // Netty rethrows the bind's IOException unchecked
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            group = null;
            throw new IllegalStateException("cannot listen on " + bind.getHostString() + ":" + bind.getPort()
                    + ": " + e.getMessage(), e);
        }
        history.sample(System.currentTimeMillis());
        group.next().scheduleAtFixedRate(() -> history.sample(System.currentTimeMillis()),
                HashrateHistory.SAMPLE_SECONDS, HashrateHistory.SAMPLE_SECONDS, TimeUnit.SECONDS);
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        log.info("status page, /metrics, /health and /api/status on http://{}:{}/", bound.getHostString(),
                bound.getPort());
        return bound;
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = StatusServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One request, one response; keep-alive as the client asks. */
    private final class Router extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) throws Exception {
            FullHttpResponse response;
            if (!request.decoderResult().isSuccess()) {
                response = text(HttpResponseStatus.BAD_REQUEST, "bad request\n");
            } else if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
                response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "GET only\n");
                response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            } else {
                response = route(new QueryStringDecoder(request.uri()).path());
            }
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            HttpUtil.setContentLength(response, response.content().readableBytes());
            boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
            HttpUtil.setKeepAlive(response, keepAlive);
            if (request.method().equals(HttpMethod.HEAD)) {
                response.content().clear();
            }
            var written = ctx.writeAndFlush(response);
            if (!keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        }

        private FullHttpResponse route(String path) throws IOException {
            switch (path) {
                case "/metrics" -> {
                    metrics.refresh();
                    return body(HttpResponseStatus.OK, PROMETHEUS_TEXT,
                            registry.scrape().getBytes(StandardCharsets.UTF_8));
                }
                case "/health" -> {
                    return translator.status().serving()
                            ? text(HttpResponseStatus.OK, "serving\n")
                            : text(HttpResponseStatus.SERVICE_UNAVAILABLE, "not serving: no upstream channel with"
                                    + " work (pool unreachable, or still connecting)\n");
                }
                case "/api/status" -> {
                    byte[] doc = json.writeValueAsBytes(StatusReport.of(translator.status(), history, startedMillis));
                    return body(HttpResponseStatus.OK, "application/json", doc);
                }
                case "/", "/index.html" -> {
                    return body(HttpResponseStatus.OK, "text/html; charset=utf-8", page);
                }
                default -> {
                    return text(HttpResponseStatus.NOT_FOUND, "not found: try /, /metrics, /health, /api/status\n");
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("status connection from {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    private static FullHttpResponse text(HttpResponseStatus status, String text) {
        return body(status, HttpHeaderValues.TEXT_PLAIN + "; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    private static FullHttpResponse body(HttpResponseStatus status, String contentType, byte[] bytes) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        return r;
    }
}
