package org.rtc4j.stun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HmacTest {
  @ParameterizedTest
  @CsvSource({"SHA-1,HmacSHA1", "SHA-256,HmacSHA256"})
  void matchesTheJdkMacForAnyKeyAndMessage(String digest, String jdk) throws Exception {
    Random r = new Random(7);
    Hmac ours = new Hmac(digest);
    Mac theirs = Mac.getInstance(jdk);
    for (int i = 0; i < 300; i++) {
      byte[] key = new byte[1 + r.nextInt(i % 3 == 0 ? 150 : 40)]; // shorter and longer than a block
      byte[] msg = new byte[r.nextInt(300)];
      r.nextBytes(key);
      r.nextBytes(msg);
      theirs.init(new SecretKeySpec(key, jdk));
      byte[] expected = theirs.doFinal(msg);
      byte[] out = new byte[ours.size() + 3];
      ours.key(key).update(msg, 0, msg.length);
      ours.finish(out, 3);
      assertArrayEquals(expected, Arrays.copyOfRange(out, 3, out.length));
      // reused under the same key
      ours.key(key.clone()).update(msg, 0, msg.length);
      ours.finish(out, 0);
      assertArrayEquals(expected, Arrays.copyOf(out, ours.size()));
    }
  }
}
