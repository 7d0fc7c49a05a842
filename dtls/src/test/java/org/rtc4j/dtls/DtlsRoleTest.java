package org.rtc4j.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 8842 §5 (a=setup in offers and answers) and RFC 5763 §5 (active is the DTLS client). */
class DtlsRoleTest {

  @ParameterizedTest(name = "offer {0} -> answer {1}, answerer {2}, offerer {3}")
  @CsvSource({
    "actpass, active,  CLIENT, SERVER",
    "passive, active,  CLIENT, SERVER",
    "active,  passive, SERVER, CLIENT",
  })
  void offerAndAnswerAgreeOnOppositeRoles(String offer, String answer, DtlsRole answerer, DtlsRole offerer)
      throws DtlsException {
    DtlsSetup offered = DtlsSetup.parse(offer);
    DtlsSetup answered = DtlsSetup.answerTo(offered);
    assertEquals(answer, answered.sdpValue());
    assertEquals(answerer, DtlsRole.forAnswerer(offered));
    assertEquals(offerer, DtlsRole.forOfferer(answered));
  }

  @Test
  void answersMustNotBeActpassOrHoldconn() {
    assertEquals(DtlsException.Reason.SETUP_NOT_ALLOWED,
        assertThrows(DtlsException.class, () -> DtlsRole.forOfferer(DtlsSetup.ACTPASS)).reason());
    assertEquals(DtlsException.Reason.SETUP_NOT_ALLOWED,
        assertThrows(DtlsException.class, () -> DtlsRole.forOfferer(DtlsSetup.HOLDCONN)).reason());
    assertEquals(DtlsException.Reason.SETUP_NOT_ALLOWED,
        assertThrows(DtlsException.class, () -> DtlsSetup.answerTo(DtlsSetup.HOLDCONN)).reason());
  }

  @Test
  void parsesCaseInsensitivelyAndRejectsUnknown() throws DtlsException {
    assertEquals(DtlsSetup.ACTPASS, DtlsSetup.parse(" ActPass "));
    assertEquals(DtlsRole.CLIENT, DtlsRole.of(DtlsSetup.ACTIVE));
    assertEquals(DtlsRole.SERVER, DtlsRole.of(DtlsSetup.PASSIVE));
    assertEquals(DtlsException.Reason.MALFORMED_SETUP,
        assertThrows(DtlsException.class, () -> DtlsSetup.parse("both")).reason());
    assertEquals(DtlsException.Reason.MALFORMED_SETUP,
        assertThrows(DtlsException.class, () -> DtlsSetup.parse(null)).reason());
  }
}
