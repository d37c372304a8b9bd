package org.sv2translator.testbed.tp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Bitcoin transaction read from its serialization (with or without the BIP144 witness), kept as far as the Template
 * Provider checks a SubmitSolution's coinbase: every field, and the byte range the outputs occupy so the template's
 * outputs can be compared byte for byte. Parsing is strict: trailing or missing bytes are an error.
 */
record ParsedTransaction(int version, boolean segwit, List<Input> inputs, List<Output> outputs,
                         List<List<byte[]>> witnesses, int lockTime, byte[] stripped, byte[] outputBytes) {

    record Input(byte[] prevTxid, int prevIndex, byte[] scriptSig, int sequence) {
    }

    record Output(long value, byte[] script) {
    }

    /** Thrown for anything that is not one well-formed transaction. */
    static final class MalformedTransactionException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedTransactionException(String message) {
            super(message);
        }
    }

    static ParsedTransaction parse(byte[] tx) throws MalformedTransactionException {
        Reader r = new Reader(tx);
        int version = r.u32();
        boolean segwit = r.remaining() >= 2 && tx[r.pos] == 0 && tx[r.pos + 1] == 1;
        if (segwit) {
            r.pos += 2;
        }
        int bodyStart = r.pos;
        long inputCount = r.compactSize();
        if (inputCount == 0 || inputCount > 10_000) {
            throw new MalformedTransactionException("input count " + inputCount);
        }
        List<Input> inputs = new ArrayList<>();
        for (long i = 0; i < inputCount; i++) {
            inputs.add(new Input(r.bytes(32), r.u32(), r.bytes((int) r.compactSize()), r.u32()));
        }
        long outputCount = r.compactSize();
        int outputsBodyStart = r.pos;
        List<Output> outputs = new ArrayList<>();
        for (long i = 0; i < outputCount; i++) {
            outputs.add(new Output(r.u64(), r.bytes((int) r.compactSize())));
        }
        int bodyEnd = r.pos;
        List<List<byte[]>> witnesses = new ArrayList<>();
        if (segwit) {
            for (long i = 0; i < inputCount; i++) {
                long items = r.compactSize();
                List<byte[]> stack = new ArrayList<>();
                for (long j = 0; j < items; j++) {
                    stack.add(r.bytes((int) r.compactSize()));
                }
                witnesses.add(stack);
            }
        }
        int lockTime = r.u32();
        if (r.remaining() != 0) {
            throw new MalformedTransactionException(r.remaining() + " byte(s) after the lock time");
        }
        ByteArrayOutputStream stripped = new ByteArrayOutputStream();
        stripped.write(tx, 0, 4);
        stripped.write(tx, bodyStart, bodyEnd - bodyStart);
        LittleEndian.u32(stripped, lockTime);
        return new ParsedTransaction(version, segwit, inputs, outputs, witnesses, lockTime, stripped.toByteArray(),
                Arrays.copyOfRange(tx, outputsBodyStart, bodyEnd));
    }

    private static final class Reader {
        private final byte[] b;
        private int pos;

        Reader(byte[] b) {
            this.b = b;
        }

        int remaining() {
            return b.length - pos;
        }

        private void need(long n) throws MalformedTransactionException {
            if (n < 0 || n > remaining()) {
                throw new MalformedTransactionException("needs " + n + " byte(s) at offset " + pos + ", "
                        + remaining() + " left");
            }
        }

        int u32() throws MalformedTransactionException {
            need(4);
            int v = (b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8 | (b[pos + 2] & 0xff) << 16 | (b[pos + 3] & 0xff) << 24;
            pos += 4;
            return v;
        }

        long u64() throws MalformedTransactionException {
            return (u32() & 0xffffffffL) | ((long) u32()) << 32;
        }

        long compactSize() throws MalformedTransactionException {
            need(1);
            int first = b[pos++] & 0xff;
            return switch (first) {
                case 0xfd -> {
                    need(2);
                    int v = (b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8;
                    pos += 2;
                    yield v;
                }
                case 0xfe -> u32() & 0xffffffffL;
                case 0xff -> u64();
                default -> first;
            };
        }

        byte[] bytes(int n) throws MalformedTransactionException {
            need(n);
            byte[] out = Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return out;
        }
    }
}
