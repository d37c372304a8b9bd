package org.sv2translator.v1;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal {@link V1Backend} for tests and demos: 4-byte sequential extranonce1 values, every worker authorized,
 * version rolling on {@code 1fffe000}, every share accepted, minimum difficulty honoured. Thread-safe.
 */
public class SimpleV1Backend implements V1Backend {
    /** The BIP320 general-purpose version bits. */
    public static final int BIP320_MASK = 0x1fffe000;

    private final AtomicInteger nextExtranonce1 = new AtomicInteger(1);
    private final int extranonce2Size;

    public SimpleV1Backend() {
        this(4);
    }

    public SimpleV1Backend(int extranonce2Size) {
        this.extranonce2Size = extranonce2Size;
    }

    @Override
    public SubscribeDecision onSubscribe(V1Session session, String userAgent, String sessionId) {
        return SubscribeDecision.accept(ByteBuffer.allocate(4).putInt(nextExtranonce1.getAndIncrement()).array(),
                extranonce2Size);
    }

    @Override
    public boolean authorize(V1Session session, String workerName, String password) {
        return true;
    }

    @Override
    public int allowedVersionMask(V1Session session) {
        return BIP320_MASK;
    }

    @Override
    public ShareVerdict onSubmit(V1Session session, V1Request.Submit submit) {
        return ShareVerdict.ACCEPTED;
    }

    @Override
    public boolean onMinimumDifficulty(V1Session session, double minimumDifficulty) {
        return true;
    }
}
