package org.sv2translator.v2.fuzz;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;

/** Heap buffers from the unpooled allocator, remembering the largest capacity anyone asked for. */
final class RecordingAllocator extends AbstractByteBufAllocator {
    private final UnpooledByteBufAllocator delegate = new UnpooledByteBufAllocator(false);
    private int largest;

    int largest() {
        return largest;
    }

    private void record(int initial, int max) {
        largest = Math.max(largest, max == Integer.MAX_VALUE ? initial : Math.max(initial, max));
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        record(initialCapacity, maxCapacity);
        return delegate.heapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        record(initialCapacity, maxCapacity);
        return delegate.heapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }
}
