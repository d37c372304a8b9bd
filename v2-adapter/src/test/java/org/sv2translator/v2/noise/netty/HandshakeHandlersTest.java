package org.sv2translator.v2.noise.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import org.junit.jupiter.api.Test;
import org.sv2translator.v2.noise.Bip340;
import org.sv2translator.v2.noise.HandshakeState;
import org.sv2translator.v2.noise.NoiseException;
import org.sv2translator.v2.noise.NoiseException.Reason;
import org.sv2translator.v2.noise.NoiseKeyPair;
import org.sv2translator.v2.noise.Secp256k1Keys;

/** Both handshake handlers against each other over EmbeddedChannels, then frames; and every refusal. */
class HandshakeHandlersTest {
    private final Fixtures.EventRecorder clientEvents = new Fixtures.EventRecorder();
    private final Fixtures.EventRecorder serverEvents = new Fixtures.EventRecorder();

    private EmbeddedChannel client(NoiseInitiatorHandler handler) {
        return new EmbeddedChannel(handler, clientEvents);
    }

    private EmbeddedChannel server() {
        return new EmbeddedChannel(Fixtures.responder(), serverEvents);
    }

    @Test
    void handshakeThenThousandsOfFramesBothWays() {
        EmbeddedChannel client = client(Fixtures.initiator());
        EmbeddedChannel server = server();
        // Written before the handshake: queued, then sent encrypted.
        byte[] early = Fixtures.frame(0, "early".getBytes());
        ChannelFuture earlyWrite = client.writeAndFlush(Fixtures.wrap(early));
        assertFalse(earlyWrite.isDone());
        Fixtures.pump(client, server);

        NoiseEvent.HandshakeCompleted c = clientEvents.completion();
        NoiseEvent.HandshakeCompleted s = serverEvents.completion();
        assertNotNull(c);
        assertNotNull(s);
        assertTrue(c.initiator());
        assertFalse(s.initiator());
        assertArrayEquals(c.handshakeHash(), s.handshakeHash());
        assertArrayEquals(Fixtures.SERVER_STATIC.xOnlyPublicKey(), c.serverStaticKey());
        assertEquals(Fixtures.CERTIFICATE, c.certificate());
        assertNotNull(client.pipeline().get(NoiseTransportCodec.class));
        assertNull(client.pipeline().get(NoiseInitiatorHandler.class));
        assertNull(server.pipeline().get(NoiseResponderHandler.class));
        assertTrue(earlyWrite.isSuccess());
        assertArrayEquals(early, Fixtures.bytes(server.readInbound()));

        List<byte[]> up = Fixtures.randomFrames(1, 2000);
        List<byte[]> down = Fixtures.randomFrames(2, 2000);
        for (int i = 0; i < up.size(); i++) {
            client.write(Fixtures.wrap(up.get(i)));
            server.write(Fixtures.wrap(down.get(i)));
        }
        client.flush();
        server.flush();
        Fixtures.pump(client, server);
        for (int i = 0; i < up.size(); i++) {
            assertArrayEquals(up.get(i), Fixtures.bytes(server.readInbound()), "client frame " + i);
            assertArrayEquals(down.get(i), Fixtures.bytes(client.readInbound()), "server frame " + i);
        }
        assertNull(server.readInbound());
        assertNull(client.readInbound());
        assertTrue(client.isActive());
        assertTrue(server.isActive());
        assertFalse(client.finishAndReleaseAll());
        assertFalse(server.finishAndReleaseAll());
    }

    @Test
    void serverFramesRightBehindMessage2AreDecrypted() {
        EmbeddedChannel client = client(Fixtures.initiator());
        EmbeddedChannel server = server();
        Fixtures.shuttle(client, server);
        byte[] hello = Fixtures.frame(7, new byte[100_000]);
        server.writeAndFlush(Fixtures.wrap(hello));
        // Message 2 and the encrypted frame arrive in one read.
        ByteBuf joined = io.netty.buffer.Unpooled.buffer();
        ByteBuf part;
        while ((part = server.readOutbound()) != null) {
            joined.writeBytes(part);
            part.release();
        }
        client.writeInbound(joined);
        assertNotNull(clientEvents.completion());
        assertArrayEquals(hello, Fixtures.bytes(client.readInbound()));
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
    }

    @Test
    void wrongPinnedAuthorityIsRefused() {
        byte[] otherAuthority = Bip340.publicKey(Secp256k1Keys.newSecretKey());
        assertHandshakeRefused(Fixtures.verifierAt(otherAuthority, Fixtures.NOW), Reason.CERTIFICATE_BAD_SIGNATURE);
    }

    @Test
    void expiredCertificateIsRefused() {
        assertHandshakeRefused(Fixtures.verifierAt(Fixtures.AUTHORITY_PUBLIC, Fixtures.NOW + 7200),
                Reason.CERTIFICATE_EXPIRED);
    }

    @Test
    void notYetValidCertificateIsRefused() {
        assertHandshakeRefused(Fixtures.verifierAt(Fixtures.AUTHORITY_PUBLIC, Fixtures.NOW - 7200),
                Reason.CERTIFICATE_NOT_YET_VALID);
    }

    private void assertHandshakeRefused(org.sv2translator.v2.noise.CertificateVerifier verifier, Reason reason) {
        EmbeddedChannel client = client(Fixtures.initiator(verifier));
        EmbeddedChannel server = server();
        ChannelFuture queued = client.writeAndFlush(Fixtures.wrap(Fixtures.frame(0, new byte[10])));
        Fixtures.pump(client, server);
        assertRefused(client, clientEvents, reason);
        assertTrue(queued.isDone());
        assertFalse(queued.isSuccess());
        assertEquals(reason, ((NoiseException) queued.cause()).reason());
        assertNull(clientEvents.completion());
        server.finishAndReleaseAll();
    }

    @Test
    void flippedBitInMessage2IsRefused() {
        EmbeddedChannel client = client(Fixtures.initiator());
        EmbeddedChannel server = server();
        Fixtures.shuttle(client, server);
        byte[] m2 = Fixtures.bytes(server.readOutbound());
        assertEquals(HandshakeState.MESSAGE_2_LENGTH, m2.length);
        m2[200] ^= 0x10;
        client.writeInbound(Fixtures.wrap(m2));
        assertRefused(client, clientEvents, Reason.DECRYPT_FAILED);
        server.finishAndReleaseAll();
    }

    @Test
    void truncatedMessage2IsRefusedWhenThePeerCloses() {
        EmbeddedChannel client = client(Fixtures.initiator());
        EmbeddedChannel server = server();
        Fixtures.shuttle(client, server);
        byte[] m2 = Fixtures.bytes(server.readOutbound());
        client.writeInbound(Fixtures.wrap(Arrays.copyOf(m2, 170)));
        assertTrue(client.isActive(), "waits for the rest of the message");
        client.pipeline().fireChannelInactive();
        assertEquals(Reason.HANDSHAKE_MALFORMED, clientEvents.failure().cause().reason());
        assertNull(client.readInbound());
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
    }

    @Test
    void truncatedMessage1TimesOut() {
        EmbeddedChannel server = new EmbeddedChannel(new NoiseResponderHandler(Fixtures.SERVER_STATIC,
                Fixtures.CERTIFICATE, Duration.ofSeconds(3), 1000, NoiseKeyPair::generate), serverEvents);
        server.writeInbound(Fixtures.wrap(new byte[40]));
        server.advanceTimeBy(2, TimeUnit.SECONDS);
        server.runScheduledPendingTasks();
        assertTrue(server.isActive());
        server.advanceTimeBy(2, TimeUnit.SECONDS);
        server.runScheduledPendingTasks();
        assertRefused(server, serverEvents, Reason.HANDSHAKE_TIMEOUT);
        assertNull(server.readOutbound(), "no message 2 for an incomplete message 1");
    }

    @Test
    void flippedBitInTransportIsRefusedAndNothingIsDelivered() {
        for (int position : new int[] {3, 21, 22 + 10, 22 + 65_535 + 5}) {
            Fixtures.EventRecorder events = new Fixtures.EventRecorder();
            EmbeddedChannel client = new EmbeddedChannel(Fixtures.initiator(), new Fixtures.EventRecorder());
            EmbeddedChannel server = new EmbeddedChannel(Fixtures.responder(), events);
            Fixtures.pump(client, server);
            byte[] good = Fixtures.frame(1, new byte[5]);
            client.writeAndFlush(Fixtures.wrap(good));
            client.writeAndFlush(Fixtures.wrap(Fixtures.frame(2, new byte[70_000])));
            byte[] first = Fixtures.bytes(client.readOutbound());
            byte[] ct = Fixtures.bytes(client.readOutbound());
            server.writeInbound(Fixtures.wrap(first));
            assertArrayEquals(good, Fixtures.bytes(server.readInbound()));
            ct[position] ^= 0x01;
            server.writeInbound(Fixtures.wrap(ct));
            assertRefused(server, events, Reason.DECRYPT_FAILED);
            client.finishAndReleaseAll();
        }
    }

    @Test
    void oversizedFrameIsRefusedBeforeItsPayloadArrives() {
        EmbeddedChannel client = client(Fixtures.initiator());
        EmbeddedChannel server = new EmbeddedChannel(new NoiseResponderHandler(Fixtures.SERVER_STATIC,
                Fixtures.CERTIFICATE, Duration.ofSeconds(5), 1000, NoiseKeyPair::generate), serverEvents);
        Fixtures.pump(client, server);
        client.writeAndFlush(Fixtures.wrap(Fixtures.frame(3, new byte[1001])));
        byte[] ct = Fixtures.bytes(client.readOutbound());
        server.writeInbound(Fixtures.wrap(Arrays.copyOf(ct, 22)));
        assertRefused(server, serverEvents, Reason.FRAME_TOO_LARGE);
        client.finishAndReleaseAll();
    }

    @Test
    void malformedOutboundFrameFailsItsWrite() {
        EmbeddedChannel client = client(Fixtures.initiator());
        EmbeddedChannel server = server();
        Fixtures.pump(client, server);
        byte[] lying = Fixtures.frame(3, new byte[10]);
        lying[3] = 11;
        ChannelFuture write = client.writeAndFlush(Fixtures.wrap(lying));
        assertFalse(write.isSuccess());
        assertInstanceOf(EncoderException.class, write.cause());
        assertEquals(Reason.FRAME_MALFORMED, ((NoiseException) write.cause().getCause()).reason());
        ChannelFuture tiny = client.writeAndFlush(Fixtures.wrap(new byte[5]));
        assertEquals(Reason.FRAME_MALFORMED, ((NoiseException) tiny.cause().getCause()).reason());
        assertNull(client.readOutbound());
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
    }

    private static void assertRefused(EmbeddedChannel channel, Fixtures.EventRecorder events, Reason reason) {
        NoiseEvent.Failed failed = events.failure();
        assertNotNull(failed, "no failure event");
        assertEquals(reason, failed.cause().reason());
        assertFalse(channel.isOpen(), "channel left open");
        assertNull(channel.readInbound(), "something was delivered");
    }
}
