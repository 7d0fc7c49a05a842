package org.rtc4j.examples.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The node's decisions on a manual clock (nanoseconds as plain numbers). */
class NodeLivenessTest {

    private static final long S = 1_000_000_000L;

    @Test
    void beatsEveryFifthOfTheExpiryAndCallsNodesStaleAfterFourFifths() {
        NodeLiveness l = new NodeLiveness(5 * S);
        assertEquals(S, l.intervalNanos());
        assertEquals(4000, l.staleMillis(), "a dead node's last beat is at most 4 s + one 1 s beat old when it is swept: 5 s");
        assertThrows(IllegalArgumentException.class, () -> new NodeLiveness(S / 2));
    }

    @Test
    void sweepsOthersOnlyAfterAWholeExpiryOfGoodBeats() {
        NodeLiveness l = new NodeLiveness(5 * S);
        assertFalse(l.maySweep(0), "not before the first beat");
        l.handleBeat(10 * S, true);
        assertFalse(l.maySweep(14 * S));
        assertTrue(l.maySweep(15 * S));
        assertTrue(l.handleFailure(), "the first failure is news");
        assertFalse(l.handleFailure(), "the second is not");
        assertFalse(l.maySweep(16 * S));
        l.handleBeat(20 * S, false);
        assertFalse(l.maySweep(24 * S), "after an outage every node's last beat is old: wait for them to beat again");
        assertTrue(l.maySweep(25 * S));
    }

    @Test
    void reconcilesWhenRedisLostTheNodeOrAWriteFailed() {
        NodeLiveness l = new NodeLiveness(5 * S);
        l.handleBeat(0, true);
        assertFalse(l.pollReconcile(), "absent at the first beat: nothing to write again");
        l.handleBeat(S, false);
        assertFalse(l.pollReconcile());
        l.handleBeat(2 * S, true);
        assertTrue(l.pollReconcile(), "absent later: Redis lost this node's rooms, or other nodes swept it");
        assertFalse(l.pollReconcile(), "once");
        l.handleWriteFailure();
        l.handleFailure();
        assertFalse(l.pollReconcile(), "not while Redis cannot be reached");
        l.handleBeat(3 * S, false);
        assertTrue(l.pollReconcile(), "a join or leave whose outcome is unknown is settled once Redis answers");
    }

    @Test
    void healthyOnlyBetweenAGoodBeatAndAFailure() {
        NodeLiveness l = new NodeLiveness(2 * S);
        assertFalse(l.healthy());
        l.handleBeat(0, true);
        assertTrue(l.healthy());
        l.handleFailure();
        assertFalse(l.healthy());
    }
}
