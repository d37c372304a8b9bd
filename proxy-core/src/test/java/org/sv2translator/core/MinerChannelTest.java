package org.sv2translator.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sv2translator.core.channel.ExtranonceAllocator;
import org.sv2translator.core.difficulty.Vardiff;
import org.sv2translator.core.share.FakeMinerConnection;
import org.sv2translator.core.share.Miner;
import org.sv2translator.core.share.SeenShares;
import org.sv2translator.core.share.ShareMemory;
import org.sv2translator.core.upstream.UpstreamChannel;
import org.sv2translator.v1.V1Notification;

/**
 * The channel mapping's extranonce layout, with no socket and no pool: admission, departure, and every way a
 * layout change ends for a miner. The upstream loop is an immediate executor, so each call completes in place.
 */
class MinerChannelTest {
    private static final int E2 = 4;
    private static final Vardiff.Config VARDIFF = new Vardiff.Config(12, 0.001, 30);

    private static final MinerChannel.Owner OWNER = new MinerChannel.Owner() {
        @Override
        public int extranonce2Size() {
            return E2;
        }

        @Override
        public void jobSent(UpstreamChannel channel, boolean first, boolean clean, long fanoutNanos) {
        }

        @Override
        public void onChannelLost(MinerChannel mapping, UpstreamChannel channel, String reason) {
        }
    };

    private record Joined(Miner miner, FakeMinerConnection connection) {
    }

    private static MinerChannel aggregated(int extranonce1Size) {
        return new MinerChannel(OWNER, ImmediateEventExecutor.INSTANCE, "farm",
                MinerChannel.Layout.shared(new ExtranonceAllocator<>(extranonce1Size + E2, E2)));
    }

    private static Joined join(MinerChannel mapping, boolean takesSetExtranonce) {
        FakeMinerConnection c = new FakeMinerConnection();
        c.extranonceSubscribed = takesSetExtranonce;
        MinerChannel.Admission a = mapping.admit();
        Miner m = new Miner(c, a.extranonce1(), new SeenShares(ShareMemory.defaults()), VARDIFF, 1, 0);
        mapping.add(m, a);
        return new Joined(m, c);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void everyMinerGetsItsOwnExtranonce1AndLeavingReleasesIt() {
        MinerChannel mapping = aggregated(2);
        Set<String> seen = new HashSet<>();
        List<Joined> all = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Joined j = join(mapping, true);
            all.add(j);
            assertEquals(2, j.miner().extranonce1().length);
            assertTrue(seen.add(hex(j.miner().extranonce1())), "unique");
            assertSame(mapping, j.miner().route());
        }
        assertEquals(100, mapping.layout().allocator().allocated());
        mapping.remove(all.get(0).miner());
        mapping.remove(all.get(0).miner()); // a second departure is ignored
        assertEquals(99, mapping.layout().allocator().allocated());
        assertEquals(99, mapping.miners().size());
    }

    @Test
    void aShrinkMovesMinersThatTakeSetExtranonceOntoNewUniqueBytes() {
        MinerChannel mapping = aggregated(4);
        List<Joined> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.add(join(mapping, true));
        }
        MinerChannel.Layout before = mapping.layout();
        assertEquals(2 + E2, mapping.onExtranonceShrunk(null, 2 + E2), "the new downstream size");
        assertTrue(mapping.layout() != before, "a new layout, published whole");
        assertEquals(2, mapping.layout().extranonce1Size());
        Set<String> seen = new HashSet<>();
        for (Joined j : all) {
            List<V1Notification.SetExtranonce> told = j.connection().sent(V1Notification.SetExtranonce.class);
            assertEquals(1, told.size());
            assertArrayEquals(j.miner().extranonce1(), told.get(0).extranonce1(), "told what it now has");
            assertEquals(E2, told.get(0).extranonce2Size());
            assertEquals(2, j.miner().extranonce1().length);
            assertTrue(seen.add(hex(j.miner().extranonce1())));
            assertNull(j.connection().closedFor);
        }
        assertEquals(10, mapping.layout().allocator().allocated());
    }

    @Test
    void aMinerThatDoesNotTakeSetExtranonceIsToldToReconnect() {
        MinerChannel mapping = aggregated(4);
        Joined old = join(mapping, false);
        mapping.onExtranonceShrunk(null, 2 + E2);
        assertEquals(List.of(V1Notification.Reconnect.SAME_SERVER),
                old.connection().sent(V1Notification.Reconnect.class));
        assertTrue(old.connection().closedFor.contains("does not take mining.set_extranonce"),
                old.connection().closedFor);
    }

    @Test
    void minersBeyondTheShrunkSpaceReconnectTheOthersMove() {
        MinerChannel mapping = aggregated(2);
        List<Joined> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            all.add(join(mapping, true));
        }
        mapping.onExtranonceShrunk(null, 1 + E2); // one index byte: 256 miners
        long moved = all.stream().filter(j -> j.connection().closedFor == null).count();
        long reconnected = all.stream()
                .filter(j -> j.connection().sent(V1Notification.Reconnect.class).size() == 1).count();
        assertEquals(256, moved);
        assertEquals(44, reconnected);
        all.stream().filter(j -> j.connection().closedFor != null)
                .forEach(j -> assertTrue(j.connection().closedFor.startsWith("extranonce space shrank")));
    }

    @Test
    void aShrinkLeavingNoRoomGivesTheChannelUpAndTellsNobody() {
        MinerChannel mapping = aggregated(2);
        Joined j = join(mapping, true);
        MinerChannel.Layout before = mapping.layout();
        assertEquals(-1, mapping.onExtranonceShrunk(null, E2), "no byte left for the miners' index");
        assertSame(before, mapping.layout());
        assertTrue(j.connection().sent.isEmpty());
    }

    @Test
    void aPerMinerChannelShrinksToZerosOfTheNewSize() {
        MinerChannel mapping = new MinerChannel(OWNER, ImmediateEventExecutor.INSTANCE, "farm.rig1",
                new MinerChannel.Layout(2, null));
        Joined j = join(mapping, true);
        assertArrayEquals(new byte[2], j.miner().extranonce1());
        assertEquals(E2, mapping.onExtranonceShrunk(null, E2), "per-miner needs no index byte");
        assertArrayEquals(new byte[0], j.miner().extranonce1());
        assertEquals(1, j.connection().sent(V1Notification.SetExtranonce.class).size());
    }

    @Test
    void aMinerAdmittedJustBeforeALayoutChangeIsMovedToo() {
        MinerChannel mapping = aggregated(4);
        MinerChannel.Admission early = mapping.admit(); // admitted on the old layout...
        mapping.onExtranonceShrunk(null, 2 + E2);
        FakeMinerConnection c = new FakeMinerConnection();
        c.extranonceSubscribed = true;
        Miner late = new Miner(c, early.extranonce1(), new SeenShares(ShareMemory.defaults()), VARDIFF, 1, 0);
        mapping.add(late, early); // ...and added after it
        assertEquals(2, late.extranonce1().length, "moved onto the new layout");
        assertEquals(1, c.sent(V1Notification.SetExtranonce.class).size());
        mapping.remove(late);
        assertEquals(0, mapping.layout().allocator().allocated(), "released to the layout it now holds");
    }

    @Test
    void connectSubscribeLeaveInALoopNeverRefusesTheNextMiner() {
        MinerChannel mapping = aggregated(1); // 256 extranonce1 values, to make exhaustion easy to reach
        for (int i = 0; i < 255; i++) {
            join(mapping, true);
        }
        for (int i = 0; i < 200_000; i++) {
            mapping.remove(join(mapping, true).miner());
        }
        Joined last = join(mapping, true);
        assertEquals(256, mapping.miners().size(), "the 256th miner got in after 200,000 cycles");
        assertEquals(1, last.miner().extranonce1().length);
    }

    @Test
    void theNextHolderOfALeftMinersBytesGetsItsSharesOfTheBlock() {
        MinerChannel mapping = aggregated(1);
        List<Joined> all = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            all.add(join(mapping, true));
        }
        Joined leaving = all.get(42);
        SeenShares itsShares = leaving.miner().seen();
        itsShares.clear();
        // A share of its own, as the pipeline would have remembered it.
        org.sv2translator.core.share.SeenSharesAccess.remember(itsShares, 1);
        mapping.remove(leaving.miner());
        MinerChannel.Admission next = mapping.admit();
        assertArrayEquals(leaving.miner().extranonce1(), next.extranonce1(), "the only free bytes");
        assertSame(itsShares, next.seen(), "with the shares sent on them");
    }

    @Test
    void onlyReadyMinersGetJobsAndCountInTheHashrate() {
        MinerChannel mapping = aggregated(2);
        Joined idle = join(mapping, true);
        Joined working = join(mapping, true);
        mapping.ready(working.miner());
        assertEquals(working.miner().hashrate(), mapping.hashrate(), "the idle socket adds nothing");
        assertTrue(idle.miner().hashrate() > 0, "though it would have, by its difficulty");
    }

    @Test
    void aMinerReadyBeforeAnyJobGetsItsDifficultyOnly() {
        MinerChannel mapping = aggregated(2);
        Joined j = join(mapping, true);
        mapping.ready(j.miner());
        assertEquals(List.of(new V1Notification.SetDifficulty(1)), j.connection().sent);
    }
}
