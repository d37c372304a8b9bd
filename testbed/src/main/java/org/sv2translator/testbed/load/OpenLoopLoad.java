package org.sv2translator.testbed.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.sv2translator.bitcoin.MerklePath;
import org.sv2translator.bitcoin.Target;
import org.sv2translator.testbed.peer.ProcessSample;
import org.sv2translator.testbed.pool.TestPool;
import org.sv2translator.testbed.swarm.HeaderSearch;
import org.sv2translator.v1.RequestId;
import org.sv2translator.v1.V1Codec;
import org.sv2translator.v1.V1Notification;
import org.sv2translator.v1.V1Request;

/**
 * An open-loop share load: N Stratum V1 connections, each share with a send time fixed in advance by
 * {@link Schedule} from the asked rate, whatever happened to earlier shares. A share's latency counts from that
 * scheduled time, so queueing anywhere (in this generator, the network, the server) shows in it instead of
 * silently lowering the rate; what was not sent is reported as a shortfall, and the generator's own lateness as
 * the send lag. Shares are prepared off the send path: threads of their own build, for each connection's current
 * job, a few valid shares ahead (real sha256d over a real header; at a tiny difficulty the first nonce does), and
 * the event loops only write prepared lines at their time. A clean notify throws the prepared shares away.
 *
 * <p>Talks V1 JSON lines to anything: the translator, SRI's translator, or the {@link FloorServer} (config
 * {@code floor}: no handshake, answers taken in order). Fan-out: the wall-clock time a clean notify carries in
 * coinb1 ({@link TestPool#PUBLISHED_AT_MARKER}) to its arrival, and per trigger the spread from the first
 * connection to receive it to the last.
 *
 * <p>{@link #start()}, {@link #awaitWorking}, {@link #measure()} (warm-up, window, grace), {@link #close()}.
 */
public final class OpenLoopLoad implements AutoCloseable {
    static final long FIRST_SUBMIT_ID = 100;
    private static final int MAX_LINE = 64 * 1024;
    /** A starved connection (no share prepared yet) is looked at again this soon. */
    private static final long STARVED_RETRY_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    final LoadConfig config;
    final Schedule schedule;
    /** Shares each connection keeps prepared: half a second of its rate, at least 4. */
    final int depth;
    private final EventLoopGroup group;
    private final Map<EventLoop, Sender> senders = new ConcurrentHashMap<>();
    private final List<LoadConnection> connections = new ArrayList<>();
    /** Connections to top up, the soonest due first: after a block, shares are ready in the order they are sent. */
    private final PriorityBlockingQueue<PrepareRequest> toPrepare = new PriorityBlockingQueue<>(1024,
            (a, b) -> Long.compare(a.due(), b.due()));

    private record PrepareRequest(LoadConnection connection, long due) {
    }
    private final List<Thread> preparers = new ArrayList<>();
    private volatile boolean running;
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;
    private volatile double generatorCpuSeconds = Double.NaN;

    final LongAdder connected = new LongAdder();
    final LongAdder working = new LongAdder();
    final LongAdder disconnects = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    final LongAdder sentTotal = new LongAdder();
    final LongAdder answeredTotal = new LongAdder();
    final LongAdder scheduledInWindow = new LongAdder();
    final LongAdder sentInWindow = new LongAdder();
    final LongAdder answeredInWindow = new LongAdder();
    final LongAdder acceptedInWindow = new LongAdder();
    final Map<Integer, LongAdder> rejectedInWindow = new ConcurrentHashMap<>();
    final Recorder submitMicros = new Recorder(3);
    final Recorder sendLagMicros = new Recorder(3);
    final Recorder fanoutMicros = new Recorder(3);
    /** Per trigger (its millisecond stamp): first and last arrival (nanoTime) in the window. */
    final Map<Long, long[]> triggers = new ConcurrentHashMap<>();

    public OpenLoopLoad(LoadConfig config) {
        this.config = config;
        this.schedule = new Schedule(config.schedule(), config.miners(), config.rate(), System.nanoTime());
        this.depth = (int) Math.max(4, Math.min(256, Math.ceil(config.rate() / config.miners() / 2)));
        this.group = Epoll.isAvailable() ? new EpollEventLoopGroup(config.ioThreads())
                : new NioEventLoopGroup(config.ioThreads());
    }

    /** Starts connecting (at the configured ramp) and preparing shares; returns at once. */
    public OpenLoopLoad start() {
        running = true;
        for (int t = 0; t < config.prepareThreads(); t++) {
            Thread p = new Thread(this::prepareLoop, "load-prepare-" + t);
            p.setDaemon(true);
            preparers.add(p);
            p.start();
        }
        long interval = TimeUnit.SECONDS.toNanos(1) / Math.max(1, config.connectsPerSecond());
        for (int i = 0; i < config.miners(); i++) {
            LoadConnection c = new LoadConnection(this, i);
            connections.add(c);
            group.schedule(() -> connect(c), i * interval, TimeUnit.NANOSECONDS);
        }
        return this;
    }

    private void connect(LoadConnection c) {
        if (!running) {
            return;
        }
        new Bootstrap().group(group)
                .channel(group instanceof EpollEventLoopGroup ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(MAX_LINE), c);
                    }
                })
                .connect(config.target()).addListener(f -> {
                    if (!f.isSuccess()) {
                        connectFailures.increment();
                    }
                });
    }

    /** Waits until every connection has work (or the deadline); returns how many do. */
    public long awaitWorking(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (working.sum() < config.miners() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return working.sum();
    }

    /**
     * Warm-up, then the window, then the grace period for the window's last answers; returns the window's figures.
     * The measured process's CPU time is read at the window's start and end.
     */
    public LoadReport measure() throws InterruptedException {
        long start = System.nanoTime() + config.warmup().toNanos();
        long end = start + config.window().toNanos();
        // Known before any share of the window is scheduled, so each one is counted when its time is set.
        windowStart = start;
        windowEnd = end;
        sleepUntil(start);
        ProcessSample before = config.measuredPid() > 0 ? ProcessSample.of(config.measuredPid()) : null;
        ProcessSample selfBefore = ProcessSample.of(ProcessHandle.current().pid());
        sleepUntil(end);
        ProcessSample after = config.measuredPid() > 0 ? ProcessSample.of(config.measuredPid()) : null;
        generatorCpuSeconds = ProcessSample.of(ProcessHandle.current().pid()).cpuSeconds() - selfBefore.cpuSeconds();
        sleepUntil(end + config.grace().toNanos());
        return report(before, after);
    }

    /** Whether {@link #measure()} is in its measured window now (for a caller that triggers events inside it). */
    public boolean inWindow() {
        long now = System.nanoTime();
        return now - windowStart >= 0 && windowEnd - now > 0;
    }

    /** A one-line progress figure for a person watching. */
    public String liveLine() {
        return String.format("%d connected, %d working, %d sent, %d answered, %d disconnects", connected.sum(),
                working.sum(), sentTotal.sum(), answeredTotal.sum(), disconnects.sum());
    }

    LoadReport report(ProcessSample before, ProcessSample after) {
        double seconds = (windowEnd - windowStart) / 1e9;
        Map<Integer, Long> rejected = new TreeMap<>();
        rejectedInWindow.forEach((code, n) -> rejected.put(code, n.sum()));
        Histogram spread = new Histogram(3);
        for (long[] t : triggers.values()) {
            synchronized (t) {
                spread.recordValue(Math.max(0, (t[1] - t[0]) / 1000));
            }
        }
        long scheduled = scheduledInWindow.sum();
        long sent = sentInWindow.sum();
        long answered = answeredInWindow.sum();
        long rejectedSum = rejected.values().stream().mapToLong(Long::longValue).sum();
        return new LoadReport(config.miners(), connected.sum(), working.sum(), disconnects.sum(),
                connectFailures.sum(), config.rate(), seconds, scheduled, sent, scheduled - sent, answered,
                acceptedInWindow.sum(), rejected, sent - answered,
                LoadReport.Latency.of(submitMicros.getIntervalHistogram()),
                LoadReport.Latency.of(sendLagMicros.getIntervalHistogram()),
                LoadReport.Latency.of(fanoutMicros.getIntervalHistogram()), triggers.size(),
                LoadReport.Latency.of(spread),
                before == null ? Double.NaN : after.cpuSeconds() - before.cpuSeconds(),
                after == null ? Double.NaN : after.rssBytes(), generatorCpuSeconds);
    }

    /** Per event loop thread: the last notify line and its decoding (a fan-out brings the same line to all). */
    private final ThreadLocal<Object[]> lastNotify = new ThreadLocal<>();

    /** The decoded notify if {@code line} is the same as the last one this thread decoded, else null. */
    V1Notification.Notify lastNotify(io.netty.buffer.ByteBuf line) {
        Object[] last = lastNotify.get();
        return last != null && io.netty.buffer.ByteBufUtil.equals((io.netty.buffer.ByteBuf) last[0], line)
                ? (V1Notification.Notify) last[1] : null;
    }

    void rememberNotify(io.netty.buffer.ByteBuf line, V1Notification.Notify n) {
        byte[] copy = new byte[line.readableBytes()];
        line.getBytes(line.readerIndex(), copy);
        lastNotify.set(new Object[] {Unpooled.wrappedBuffer(copy), n});
    }

    boolean inWindow(long nanos) {
        return nanos >= windowStart && nanos < windowEnd;
    }

    /** On c's event loop, once it has work: from now on its shares are due by the schedule. */
    void startSending(LoadConnection c) {
        EventLoop loop = c.channel().eventLoop();
        senders.computeIfAbsent(loop, Sender::new).add(c);
    }

    /** Asks the preparing threads to top up c's shares (once queued, not again until taken). */
    void requestPrepare(LoadConnection c) {
        if (c.prepareQueued.compareAndSet(false, true)) {
            toPrepare.add(new PrepareRequest(c, c.nextDue));
        }
    }

    private void prepareLoop() {
        try {
            while (running) {
                PrepareRequest r = toPrepare.poll(100, TimeUnit.MILLISECONDS);
                LoadConnection c = r == null ? null : r.connection();
                if (c != null) {
                    c.prepareQueued.set(false);
                    prepare(c);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Builds shares for c's current job until it has {@link #depth} of them. Any thread. */
    void prepare(LoadConnection c) {
        LoadConnection.Job job = c.job;
        if (job == null) {
            return;
        }
        int need = depth - c.readyCount.get();
        if (need <= 0) {
            return;
        }
        long e2 = c.extranonce2Counter.getAndIncrement();
        int versionBits = job.versionMask() == 0 ? 0 : (int) (((e2 + 1) * 0x2000L) & job.versionMask());
        byte[] e2Bytes = extranonce2Bytes(e2, job.extranonce2Size());
        V1Notification.Notify n = job.work();
        int version = job.versionMask() == 0 ? n.version() : (n.version() & ~job.versionMask()) | versionBits;
        HeaderSearch search = new HeaderSearch(n.coinbase1(), job.extranonce1(), e2Bytes, n.coinbase2(), job.path(),
                version, n.prevHash(), n.ntime(), n.nbits());
        String head = submitHead(c.worker, n.jobId(), e2Bytes, n.ntime());
        int from = 0;
        for (int k = 0; k < need && c.job == job; k++) {
            long nonce = search.search(job.target(), from, 1 << 22);
            if (nonce < 0) {
                break;
            }
            from = (int) nonce + 1;
            // '{"id":N' is left out: the event loop writes it, with the request's id, before the rest
            c.ready.add(new LoadConnection.Prepared(job.generation(),
                    submitRest(head, (int) nonce, job.versionMask() != 0, versionBits)));
            c.readyCount.incrementAndGet();
        }
        if (c.job != job) {
            requestPrepare(c); // a new job came while preparing
        }
    }

    /**
     * A mining.submit line after its {@code {"id":N}, up to the nonce: built by hand (no JSON library on this path),
     * the same text the V1 codec writes. Names with a quote or backslash go through the codec instead.
     */
    static String submitHead(String worker, String jobId, byte[] extranonce2, int ntime) {
        if (needsEscape(worker) || needsEscape(jobId)) {
            String full = V1Codec.encodeToString(new V1Request.Submit(RequestId.of(0), worker, jobId, extranonce2,
                    ntime, 0, false, 0));
            return full.substring(ID_ZERO.length(), full.lastIndexOf(",\""));
        }
        return ",\"method\":\"mining.submit\",\"params\":[\"" + worker + "\",\"" + jobId + "\",\""
                + java.util.HexFormat.of().formatHex(extranonce2) + "\",\"" + u32(ntime) + "\"";
    }

    static byte[] submitRest(String head, int nonce, boolean withVersion, int versionBits) {
        String rest = head + ",\"" + u32(nonce) + (withVersion ? "\",\"" + u32(versionBits) : "") + "\"]}\n";
        return rest.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static boolean needsEscape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"' || ch == '\\' || ch < 0x20 || ch > 0x7e) {
                return true;
            }
        }
        return false;
    }

    private static String u32(int v) {
        String h = Integer.toHexString(v);
        return "00000000".substring(h.length()) + h;
    }

    static final String ID_ZERO = "{\"id\":0";
    static final byte[] ID_PREFIX = "{\"id\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static byte[] extranonce2Bytes(long value, int size) {
        byte[] e2 = new byte[size];
        for (int i = 0; i < size && i < 8; i++) {
            e2[size - 1 - i] = (byte) (value >>> (8 * i));
        }
        return e2;
    }

    static MerklePath pathOf(V1Notification.Notify n) {
        return MerklePath.of(n.merkleBranch());
    }

    static Target targetOf(double difficulty) {
        return Target.fromDifficulty(difficulty);
    }


    /** A clean notify stamped {@code millis} reached a connection now. */
    void fanout(long millis) {
        long nanos = System.nanoTime();
        if (millis <= 0 || !inWindow(nanos)) {
            return;
        }
        Instant now = Instant.now();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000 - millis * 1000;
        fanoutMicros.recordValue(Math.max(0, micros));
        long[] t = triggers.computeIfAbsent(millis, k -> new long[] {nanos, nanos});
        synchronized (t) {
            t[0] = Math.min(t[0], nanos);
            t[1] = Math.max(t[1], nanos);
        }
    }

    void answered(long scheduled, boolean accepted, int errorCode) {
        answeredTotal.increment();
        if (!inWindow(scheduled)) {
            return;
        }
        answeredInWindow.increment();
        submitMicros.recordValue(Math.max(0, (System.nanoTime() - scheduled) / 1000));
        if (accepted) {
            acceptedInWindow.increment();
        } else {
            rejectedInWindow.computeIfAbsent(errorCode, k -> new LongAdder()).increment();
        }
    }

    void sent(long scheduled, long now) {
        sentTotal.increment();
        if (inWindow(scheduled)) {
            sentInWindow.increment();
            sendLagMicros.recordValue(Math.max(0, (now - scheduled) / 1000));
        }
    }

    void slotScheduled(long at) {
        if (inWindow(at)) {
            scheduledInWindow.increment();
        }
    }

    boolean running() {
        return running;
    }

    @Override
    public void close() {
        running = false;
        for (Thread p : preparers) {
            p.interrupt();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        for (long left; (left = nanos - System.nanoTime()) > 0; ) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
        }
    }

    /**
     * One event loop's sending: its connections in a heap by next send time, one timer armed for the earliest.
     * Touched only on its loop.
     */
    private final class Sender implements Runnable {
        private final EventLoop loop;
        private final PriorityQueue<LoadConnection> due =
                new PriorityQueue<>((a, b) -> Long.compare(a.nextDue, b.nextDue));
        private final SplittableRandom random = new SplittableRandom();
        private long armedFor = Long.MAX_VALUE;
        private List<LoadConnection> starved = new ArrayList<>();

        Sender(EventLoop loop) {
            this.loop = loop;
        }

        void add(LoadConnection c) {
            c.nextDue = schedule.first(c.index, System.nanoTime(), random);
            slotScheduled(c.nextDue);
            due.add(c);
            arm(c.nextDue);
        }

        private void arm(long at) {
            if (at < armedFor) {
                armedFor = at;
                loop.schedule(this, Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public void run() {
            armedFor = Long.MAX_VALUE;
            if (!running) {
                return;
            }
            long now = System.nanoTime();
            // Connections still owing shares from before: the preparers may have caught up.
            List<LoadConnection> owing = starved;
            starved = new ArrayList<>();
            for (LoadConnection c : owing) {
                c.starved = false;
                owe(c, now);
            }
            LoadConnection c;
            while ((c = due.peek()) != null && c.nextDue <= now) {
                due.poll();
                if (!c.channel().isActive()) {
                    continue; // its remaining slots are a shortfall
                }
                // Open loop: the slot is owed at its time whatever happens to it; the next one is set from it.
                c.owed.add(c.nextDue);
                c.nextDue = schedule.next(c.nextDue, c.index, random);
                slotScheduled(c.nextDue);
                due.add(c);
                owe(c, now);
            }
            long next = due.isEmpty() ? Long.MAX_VALUE : due.peek().nextDue;
            if (!starved.isEmpty()) {
                next = Math.min(next, now + STARVED_RETRY_NANOS);
            }
            if (next != Long.MAX_VALUE) {
                arm(next);
            }
        }

        private void owe(LoadConnection c, long now) {
            if (c.channel().isActive() && c.sendOwed(now) && !c.starved) {
                c.starved = true;
                starved.add(c);
            }
        }
    }

    static io.netty.buffer.ByteBuf line(Channel ch, long id, byte[] rest) {
        String digits = Long.toString(id);
        io.netty.buffer.ByteBuf buf = ch.alloc().buffer(ID_PREFIX.length + digits.length() + rest.length);
        buf.writeBytes(ID_PREFIX);
        buf.writeCharSequence(digits, java.nio.charset.StandardCharsets.US_ASCII);
        buf.writeBytes(rest);
        return buf;
    }

    static io.netty.buffer.ByteBuf wrap(byte[] bytes) {
        return Unpooled.wrappedBuffer(bytes);
    }
}
