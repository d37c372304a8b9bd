package org.sv2translator.testbed.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 * One connection of {@link OpenLoopLoad}: the V1 handshake (unless talking to the floor), the current job, the
 * shares prepared for it, and the answers matched to their scheduled times. All but {@link #job}, {@link #ready}
 * and the counters beside it is owned by the connection's event loop.
 */
final class LoadConnection extends SimpleChannelInboundHandler<ByteBuf> {
    private static final long CONFIGURE_ID = 1;
    private static final long SUBSCRIBE_ID = 2;
    private static final long AUTHORIZE_ID = 3;
    static final int VERSION_ROLLING_MASK = 0x1fffe000;

    /** The job shares are prepared for; {@code generation} changes with each clean job. */
    record Job(int generation, V1Notification.Notify work, MerklePath path, byte[] extranonce1,
               int extranonce2Size, Target target, int versionMask) {
    }

    /** A share's line without its leading {@code {"id":N}. */
    record Prepared(int generation, byte[] rest) {
    }

    private record Pending(long id, long scheduled) {
    }

    final OpenLoopLoad load;
    final int index;
    final String worker;
    final ConcurrentLinkedQueue<Prepared> ready = new ConcurrentLinkedQueue<>();
    final AtomicInteger readyCount = new AtomicInteger();
    final AtomicBoolean prepareQueued = new AtomicBoolean();
    final AtomicLong extranonce2Counter = new AtomicLong();
    volatile Job job;
    /** The next scheduled send time (the sender's heap key). */
    volatile long nextDue;
    /** In its sender's list of connections owing shares. */
    boolean starved;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /** Scheduled times of shares due and not yet sent (nothing prepared for them yet). */
    final ArrayDeque<Long> owed = new ArrayDeque<>();
    private Channel channel;
    private long nextId = OpenLoopLoad.FIRST_SUBMIT_ID;
    private int generation;
    private byte[] extranonce1;
    private int extranonce2Size;
    private double difficulty = 1;
    private int versionMask;
    private boolean authorized;
    private boolean firstNotifySeen;
    private boolean working;

    LoadConnection(OpenLoopLoad load, int index) {
        this.load = load;
        this.index = index;
        this.worker = load.config.workerPrefix() + "." + index;
    }

    Channel channel() {
        return channel;
    }

    @Override
    public boolean isSharable() {
        return true; // one connection at a time; never reconnected
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        load.connected.increment();
        if (load.config.floor()) {
            // The floor answers every line with the same true: nothing to agree on. A job shaped like its notify.
            extranonce1 = new byte[] {(byte) (index >>> 24), (byte) (index >>> 16), (byte) (index >>> 8), (byte) index};
            extranonce2Size = 4;
            authorized = true;
            firstNotifySeen = true; // every floor notify is a trigger
            difficulty = 1e-9;
            onNotify((V1Notification.Notify) V1Codec.decodeFromServer(
                    new String(FloorServer.notifyLine(0, 0), java.nio.charset.StandardCharsets.US_ASCII).trim()), false);
            return;
        }
        if (load.config.versionRolling()) {
            write(new V1Request.Configure(RequestId.of(CONFIGURE_ID), List.of(V1Request.Configure.VERSION_ROLLING),
                    VERSION_ROLLING_MASK, 2, Double.NaN));
        }
        write(new V1Request.Subscribe(RequestId.of(SUBSCRIBE_ID), "sv2-testbed-load/0.1", null));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        load.connected.decrement();
        load.disconnects.increment();
        if (working) {
            load.working.decrement();
            working = false;
        }
        job = null;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
        long quick = quickAnswer(line);
        if (quick != NOT_QUICK && (quick >= OpenLoopLoad.FIRST_SUBMIT_ID || load.config.floor())) {
            onSubmitAnswer(quick, true, 0); // the common case, without a JSON parser
            return;
        }
        V1Message msg;
        try {
            msg = load.lastNotify(line);
            if (msg == null) {
                msg = V1Codec.decodeFromServer(line);
                if (msg instanceof V1Notification.Notify n) {
                    load.rememberNotify(line, n);
                }
            }
        } catch (V1DecodeException e) {
            return;
        }
        if (msg instanceof V1Response r) {
            onResponse(r);
        } else if (msg instanceof V1Notification.Notify n) {
            onNotify(n, true);
        } else if (msg instanceof V1Notification.SetDifficulty d) {
            difficulty = d.difficulty(); // for the next job, as firmware does
        } else if (msg instanceof V1Notification.SetExtranonce e) {
            extranonce1 = e.extranonce1().clone();
            extranonce2Size = e.extranonce2Size();
            generation++;
            job = null; // shares on the old extranonce1 are worthless; the next notify brings work
            drain();
        } else if (msg instanceof V1Notification.SetVersionMask m) {
            versionMask = m.mask();
        }
    }

    private static final long NOT_QUICK = Long.MIN_VALUE;
    private static final byte[] QUICK_HEAD = "{\"id\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] QUICK_TAIL = ",\"result\":true,\"error\":null".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * The id of a line that is exactly {@code {"id":N,"result":true,"error":null}} (white space before the brace
     * allowed, as the floor pads), else {@link #NOT_QUICK}.
     */
    static long quickAnswer(ByteBuf line) {
        int i = line.readerIndex();
        int end = line.writerIndex();
        if (end - i < QUICK_HEAD.length + 1 + QUICK_TAIL.length + 1) {
            return NOT_QUICK;
        }
        for (byte b : QUICK_HEAD) {
            if (line.getByte(i++) != b) {
                return NOT_QUICK;
            }
        }
        long id = 0;
        int digits = 0;
        for (byte b; i < end && (b = line.getByte(i)) >= '0' && b <= '9' && digits < 18; i++, digits++) {
            id = id * 10 + (b - '0');
        }
        if (digits == 0 || end - i < QUICK_TAIL.length + 1) {
            return NOT_QUICK;
        }
        for (byte b : QUICK_TAIL) {
            if (line.getByte(i++) != b) {
                return NOT_QUICK;
            }
        }
        while (i < end - 1 && line.getByte(i) == ' ') {
            i++;
        }
        return i == end - 1 && line.getByte(i) == '}' ? id : NOT_QUICK;
    }

    private void onSubmitAnswer(long id, boolean ok, int code) {
        if (load.config.floor()) {
            Pending p = pending.poll(); // the floor's answers all say id 1: they come in order
            if (p != null) {
                load.answered(p.scheduled, ok, code);
            }
            return;
        }
        Pending p;
        while ((p = pending.peek()) != null && p.id < id) {
            pending.poll(); // never answered: counted as unanswered
        }
        if (p != null && p.id == id) {
            pending.poll();
            load.answered(p.scheduled, ok, code);
        }
    }

    private void onResponse(V1Response r) {
        long id = r.id().isNumber() ? r.id().number() : -1;
        if (id >= OpenLoopLoad.FIRST_SUBMIT_ID || load.config.floor()) {
            boolean ok = r.error() == null && r.result() instanceof V1Response.BooleanResult b && b.value();
            onSubmitAnswer(id, ok, ok ? 0 : r.error() == null ? 0 : r.error().code());
        } else if (id == CONFIGURE_ID) {
            if (r.result() instanceof V1Response.ConfigureResult c && c.accepted(V1Request.Configure.VERSION_ROLLING)) {
                Object mask = c.fields().get("version-rolling.mask");
                versionMask = mask == null ? 0 : (int) Long.parseLong(mask.toString(), 16);
            }
        } else if (id == SUBSCRIBE_ID) {
            if (r.result() instanceof V1Response.SubscribeResult s) {
                extranonce1 = s.extranonce1().clone();
                extranonce2Size = s.extranonce2Size();
                write(new V1Request.Authorize(RequestId.of(AUTHORIZE_ID), worker, "x"));
            } else {
                channel.close();
            }
        } else if (id == AUTHORIZE_ID) {
            authorized = r.result() instanceof V1Response.BooleanResult b && b.value();
            if (!authorized) {
                channel.close();
            }
        }
    }

    private void onNotify(V1Notification.Notify n, boolean received) {
        if (received && n.cleanJobs() && firstNotifySeen) {
            // The first job after connecting is old news; later clean jobs measure the fan-out.
            load.fanout(TestPool.publishedMillis(n.coinbase1()));
        }
        if (received) {
            firstNotifySeen = true;
        }
        if (extranonce1 == null || !authorized) {
            return;
        }
        if (n.cleanJobs() || job == null) {
            generation++;
            drain();
        }
        job = new Job(generation, n, OpenLoopLoad.pathOf(n), extranonce1, extranonce2Size,
                OpenLoopLoad.targetOf(difficulty), versionMask);
        load.requestPrepare(this);
        if (!working) {
            working = true;
            load.working.increment();
            load.startSending(this);
        }
    }

    /**
     * On the loop: sends the owed shares (scheduled times, oldest first) that have a prepared share; returns
     * whether some stay owed (none prepared yet).
     */
    boolean sendOwed(long now) {
        Job j = job;
        boolean wrote = false;
        while (!owed.isEmpty() && j != null) {
            Prepared p;
            while ((p = ready.poll()) != null) {
                readyCount.decrementAndGet();
                if (p.generation() == j.generation()) {
                    break;
                }
            }
            if (p == null) {
                break;
            }
            long scheduled = owed.poll();
            long id = nextId++;
            pending.add(new Pending(id, scheduled));
            channel.write(OpenLoopLoad.line(channel, id, p.rest()), channel.voidPromise());
            wrote = true;
            load.sent(scheduled, now);
        }
        if (wrote) {
            channel.flush();
        }
        if (j != null && readyCount.get() <= load.depth / 2) {
            load.requestPrepare(this);
        }
        return !owed.isEmpty();
    }

    private void drain() {
        while (ready.poll() != null) {
            readyCount.decrementAndGet();
        }
    }

    private void write(V1Request request) {
        channel.writeAndFlush(V1Codec.encode(channel.alloc(), request), channel.voidPromise());
    }
}
