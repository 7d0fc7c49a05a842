package org.rtc4j.examples.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class EnvelopeTest {

    @Test
    void parsesTheThreeKindsAsTheScriptsWriteThem() {
        assertEquals(new Envelope("n1.7", "room-1", 'm', "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}"),
                Envelope.parse("n1.7\nroom-1\nm\n{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}"));
        assertEquals(new Envelope("n1.7", "r", 'j', ""), Envelope.parse("n1.7\nr\nj\n"));
        assertEquals(new Envelope("n1.7", "r", 'l', ""), Envelope.parse("n1.7\nr\nl\n"));
    }

    @Test
    void aPayloadMayHoldLineFeeds() {
        assertEquals("a\nb\nc", Envelope.parse("m\nr\nm\na\nb\nc").payload());
    }

    @Test
    void anythingElseIsNotAnEnvelope() {
        for (String bad : new String[] {"", "\n", "m\nr\nm", "m\nr\nx\n{}", "\nr\nm\n{}", "m\n\nm\n{}", "m\nr\nmm\n{}", "no line feeds"}) {
            assertNull(Envelope.parse(bad), bad.replace("\n", "\\n"));
        }
    }
}
