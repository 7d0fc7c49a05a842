package org.rtc4j.sctp.chunk;

import java.util.ArrayList;
import java.util.List;

/** RE-CONFIG (RFC 6525 §3.1): one or two re-configuration parameters. */
public record ReConfigChunk(List<ReConfigParameter> parameters) implements Chunk {
  public ReConfigChunk {
    parameters = List.copyOf(parameters);
  }

  @Override
  public int type() {
    return ChunkType.RE_CONFIG;
  }

  @Override
  public int flags() {
    return 0;
  }

  @Override
  public int valueLength() {
    int n = 0;
    for (int i = 0; i < parameters.size(); i++) {
      int l = 4 + parameters.get(i).valueLength();
      n += i == parameters.size() - 1 ? l : Bytes.pad4(l);
    }
    return n;
  }

  @Override
  public void writeValue(byte[] dst, int off) {
    int p = off;
    for (ReConfigParameter r : parameters) {
      int l = 4 + r.valueLength();
      Bytes.put16(dst, p, r.type());
      Bytes.put16(dst, p + 2, l);
      r.writeValue(dst, p + 4);
      for (int i = p + l; i < p + Bytes.pad4(l); i++) {
        dst[i] = 0;
      }
      p += Bytes.pad4(l);
    }
  }

  static ReConfigChunk parse(byte[] b, int off, int len) throws SctpParseException {
    List<Parameter> tlvs = Parameter.parseList(b, off, len);
    if (tlvs.isEmpty() || tlvs.size() > 2) {
      throw new SctpParseException(SctpParseException.Reason.BAD_VALUE, off, "RE-CONFIG with " + tlvs.size() + " parameters");
    }
    List<ReConfigParameter> out = new ArrayList<>(tlvs.size());
    for (Parameter p : tlvs) {
      out.add(ReConfigParameter.parse(p.type(), p.value(), off));
    }
    return new ReConfigChunk(out);
  }
}
