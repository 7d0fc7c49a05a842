package org.rtc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rtc4j.peer.Stats;
import org.rtc4j.peer.StatsReport;

/** The summary's {@code selectedPair}: from the stats' transport → candidate pair → candidates. */
class ReportTest {

    private static StatsReport report(String localType, String protocol, String relayProtocol) {
        Map<String, Object> local = relayProtocol == null
                ? Map.of("candidateType", localType, "protocol", protocol)
                : Map.of("candidateType", localType, "protocol", protocol, "relayProtocol", relayProtocol);
        return new StatsReport(List.of(
                new Stats("T01", "transport", 0, Map.of("selectedCandidatePairId", "CP1")),
                new Stats("CP1", "candidate-pair", 0, Map.of("localCandidateId", "L1", "remoteCandidateId", "R1")),
                new Stats("L1", "local-candidate", 0, local),
                new Stats("R1", "remote-candidate", 0, Map.of("candidateType", "host", "protocol", protocol))));
    }

    @Test
    void relayCandidateNamesHowTheRelayIsReached() {
        ObjectNode p = Report.pairJson(report("relay", "udp", "tls"));
        assertEquals("{\"local\":\"relay\",\"remote\":\"host\",\"protocol\":\"udp\",\"relayProtocol\":\"tls\"}",
                p.toString());
    }

    @Test
    void hostCandidateHasNoRelayProtocol() {
        ObjectNode p = Report.pairJson(report("host", "tcp", null));
        assertEquals("tcp", p.path("protocol").asText());
        assertFalse(p.has("relayProtocol"), p.toString());
    }

    @Test
    void noSelectedPairGivesNull() {
        assertNull(Report.pairJson(new StatsReport(List.of(new Stats("T01", "transport", 0, Map.of())))));
        Report r = new Report("whep-server");
        r.selectedPair(new StatsReport(List.of()));
        assertFalse(r.toJson(true).has("selectedPair"));
    }
}
