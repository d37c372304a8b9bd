package org.sv2translator.testbed.swarm;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sv2translator.bitcoin.MerklePath;
import org.sv2translator.bitcoin.Target;
import org.sv2translator.testbed.pool.TestPool;
import org.sv2translator.v1.RequestId;
import org.sv2translator.v1.V1Codec;
import org.sv2translator.v1.V1DecodeException;
import org.sv2translator.v1.V1Message;
import org.sv2translator.v1.V1Notification;
import org.sv2translator.v1.V1Request;
import org.sv2translator.v1.V1Response;

/**
 * One simulated V1 miner: the conversation firmware has (configure, subscribe, authorize), then work from each
 * mining.notify at the difficulty it was given, and shares submitted with their round trip timed. All state is
 * owned by the connection's event loop except {@link #work}, which hashing threads read.
 */
// Sharable only in the sense Netty checks: a miner reconnecting (client.reconnect) re-adds this handler to its
// next connection. It never serves two connections at once, and channelActive resets the per-connection state.
@io.netty.channel.ChannelHandler.Sharable
final class SwarmMiner extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Logger log = LoggerFactory.getLogger(SwarmMiner.class);
    static final int BIP320_MASK = 0x1fffe000;
    /** Requests awaiting an answer; a server that never answers cannot grow this without bound. */
    private static final int MAX_PENDING = 4096;

    /** A job as this miner mines it: immutable, shared with hashing threads. */
    record Work(V1Notification.Notify job, MerklePath path, byte[] extranonce1, int extranonce2Size,
                Target target, int versionMask) {
    }

    private enum Kind { CONFIGURE, SUBSCRIBE, AUTHORIZE, EXTRANONCE_SUBSCRIBE, SUGGEST, SUBMIT }

    private record Pending(Kind kind, long sentAt) {
    }

    final String worker;
    private final SwarmConfig config;
    private final SwarmReport report;
    private final Function<byte[], Long> publishedAt;
    private final Swarm swarm;
    private final Map<Long, Pending> pending = new HashMap<>();
    private final AtomicLong extranonce2Counter = new AtomicLong();
    volatile Work work;
    private Channel channel;
    private long nextId = 1;
    private byte[] extranonce1;
    private int extranonce2Size;
    private double difficulty = 1;
    private int versionMask;
    private boolean authorized;
    private boolean firstNotifySeen;

    SwarmMiner(int index, SwarmConfig config, SwarmReport report, Function<byte[], Long> publishedAt, Swarm swarm) {
        this.worker = config.workerPrefix() + "." + index;
        this.config = config;
        this.report = report;
        this.publishedAt = publishedAt;
        this.swarm = swarm;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        pending.clear();
        work = null;
        extranonce1 = null;
        authorized = false;
        firstNotifySeen = false;
        report.connected.increment();
        if (config.versionRolling()) {
            send(Kind.CONFIGURE, id -> new V1Request.Configure(id, List.of(V1Request.Configure.VERSION_ROLLING),
                    BIP320_MASK, 2, Double.NaN));
        }
        send(Kind.SUBSCRIBE, id -> new V1Request.Subscribe(id, "sv2-testbed-swarm/0.1", null));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        work = null;
        report.disconnects.increment();
        report.connected.decrement();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("swarm miner {}: {}", worker, cause.toString());
        ctx.close();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
        V1Message msg;
        try {
            msg = V1Codec.decodeFromServer(line);
        } catch (V1DecodeException e) {
            log.warn("swarm miner {}: undecodable line from the server: {}", worker, e.getMessage());
            return;
        }
        if (msg instanceof V1Response r) {
            onResponse(r);
        } else if (msg instanceof V1Notification.Notify n) {
            onNotify(n);
        } else if (msg instanceof V1Notification.SetDifficulty d) {
            difficulty = d.difficulty(); // for the next job, as cgminer does
        } else if (msg instanceof V1Notification.SetExtranonce e) {
            extranonce1 = e.extranonce1().clone();
            extranonce2Size = e.extranonce2Size();
            work = null; // old work used the old extranonce1
        } else if (msg instanceof V1Notification.SetVersionMask m) {
            versionMask = m.mask();
        } else if (msg instanceof V1Notification.Reconnect r) {
            swarm.reconnect(this, r.host(), r.port());
            ctx.close();
        }
    }

    private void onResponse(V1Response r) {
        Pending p = r.id().isNumber() ? pending.remove(r.id().number()) : null;
        if (p == null) {
            return;
        }
        switch (p.kind) {
            case CONFIGURE -> {
                if (r.result() instanceof V1Response.ConfigureResult c && c.accepted(V1Request.Configure.VERSION_ROLLING)) {
                    Object mask = c.fields().get("version-rolling.mask");
                    versionMask = mask == null ? 0 : (int) Long.parseLong(mask.toString(), 16);
                }
            }
            case SUBSCRIBE -> {
                if (r.result() instanceof V1Response.SubscribeResult s) {
                    report.subscribed.increment();
                    extranonce1 = s.extranonce1().clone();
                    extranonce2Size = s.extranonce2Size();
                    send(Kind.AUTHORIZE, id -> new V1Request.Authorize(id, worker, "x"));
                } else {
                    log.warn("swarm miner {}: subscribe refused: {}", worker, r.error());
                    channel.close();
                }
            }
            case AUTHORIZE -> {
                authorized = r.result() instanceof V1Response.BooleanResult b && b.value();
                // As most firmware does: accept extranonce changes instead of reconnecting for them.
                send(Kind.EXTRANONCE_SUBSCRIBE, V1Request.ExtranonceSubscribe::new);
                if (config.suggestDifficulty() > 0) {
                    send(Kind.SUGGEST, id -> new V1Request.SuggestDifficulty(id, config.suggestDifficulty()));
                }
            }
            case EXTRANONCE_SUBSCRIBE, SUGGEST -> {
                // true or an error: either way the miner mines on
            }
            case SUBMIT -> {
                report.submitLatency(System.nanoTime() - p.sentAt);
                if (r.error() == null && r.result() instanceof V1Response.BooleanResult b && b.value()) {
                    report.accepted.increment();
                } else {
                    report.rejected(r.error() == null ? 0 : r.error().code());
                }
            }
        }
    }

    private void onNotify(V1Notification.Notify n) {
        report.notifies.increment();
        // The first job after connecting is old news (the block was published before we came): only later clean
        // jobs measure how fast a block change reaches miners.
        boolean measure = firstNotifySeen && n.cleanJobs();
        if (!firstNotifySeen) {
            report.firstJob();
        }
        firstNotifySeen = true;
        if (measure) {
            Long at = publishedAt != null ? publishedAt.apply(n.prevHash()) : null;
            if (at != null) {
                report.notifyLatency(System.nanoTime() - at);
            } else {
                long millis = TestPool.publishedMillis(n.coinbase1());
                if (millis > 0) {
                    report.notifyLatency((System.currentTimeMillis() - millis) * 1_000_000L);
                }
            }
        }
        if (extranonce1 != null && authorized) {
            work = new Work(n, MerklePath.of(n.merkleBranch()), extranonce1, extranonce2Size,
                    Target.fromDifficulty(difficulty), versionMask);
        }
    }

    /** Hands a share found by a hashing thread to this miner's event loop. */
    void submitLater(Work w, long extranonce2, int versionBits, int nonce) {
        channel.eventLoop().execute(() -> submit(w, extranonce2, versionBits, nonce));
    }

    void submit(Work w, long extranonce2, int versionBits, int nonce) {
        if (!channel.isActive() || !swarm.submitting()) {
            return;
        }
        report.submitted.increment();
        byte[] e2 = extranonce2Bytes(extranonce2, w.extranonce2Size());
        boolean rolled = w.versionMask() != 0;
        send(Kind.SUBMIT, id -> new V1Request.Submit(id, worker, w.job().jobId(), e2, w.job().ntime(), nonce,
                rolled, versionBits));
    }

    /** A fresh extranonce2 for the next slice of nonces: never the same twice, so shares are never duplicates. */
    long nextExtranonce2() {
        return extranonce2Counter.getAndIncrement();
    }

    static byte[] extranonce2Bytes(long value, int size) {
        byte[] e2 = new byte[size];
        for (int i = 0; i < size && i < 8; i++) {
            e2[size - 1 - i] = (byte) (value >>> (8 * i));
        }
        return e2;
    }

    /** Version bits to roll with this extranonce2 (a spread inside the mask), 0 without rolling. */
    static int versionBits(long extranonce2, int mask) {
        return mask == 0 ? 0 : (int) (((extranonce2 + 1) * 0x2000L) & mask);
    }

    Channel channel() {
        return channel;
    }

    private void send(Kind kind, Function<RequestId, V1Request> request) {
        long id = nextId++;
        if (pending.size() >= MAX_PENDING) {
            pending.clear(); // the server stopped answering; do not hoard
        }
        pending.put(id, new Pending(kind, System.nanoTime()));
        channel.writeAndFlush(V1Codec.encode(channel.alloc(), request.apply(RequestId.of(id))), channel.voidPromise());
    }

}
