package org.rtc4j.sdp;

import org.rtc4j.sdp.internal.Chars;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code a=fmtp}: format parameters of one payload type (RFC 8866 §6.15), as ordered key/values.
 *
 * <pre>
 * a=fmtp:&lt;format&gt; &lt;format specific parameters&gt;
 * a=fmtp:111 minptime=10;useinbandfec=1
 * a=fmtp:63 111/111
 * </pre>
 *
 * Parameters are split on {@code ;} and written back joined by {@code ;} without spaces.
 */
public record Fmtp(int payloadType, List<Parameter> parameters) implements SdpAttribute, ValueWriter {
  public Fmtp {
    Check.range("payload type", payloadType, 0, 127);
    parameters = List.copyOf(parameters);
    Check.require(!parameters.isEmpty(), "fmtp needs at least one parameter");
  }

  /** {@code Fmtp.of(111, "minptime=10;useinbandfec=1")}. */
  public static Fmtp of(int payloadType, String parameters) {
    return new Fmtp(payloadType, Parameter.parseList(parameters, 0, parameters.length()));
  }

  /** {@code Fmtp.of(97, "apt", "96")}: names and values alternate. */
  public static Fmtp of(int payloadType, String name, String value, String... more) {
    Check.require(more.length % 2 == 0, "names and values must come in pairs");
    List<Parameter> list = new ArrayList<>(1 + more.length / 2);
    list.add(new Parameter(name, value));
    for (int i = 0; i < more.length; i += 2) {
      list.add(new Parameter(more[i], more[i + 1]));
    }
    return new Fmtp(payloadType, list);
  }

  /** Parses the value of an {@code a=fmtp} line, e.g. {@code 97 apt=96}. */
  public static Fmtp parse(String value) {
    return parse(value, 0, value.length());
  }

  static Fmtp parse(String s, int from, int to) {
    int ptEnd = Chars.tokenEnd(s, from, to);
    int pt = Check.payloadType(s, from, ptEnd);
    return new Fmtp(pt, Parameter.parseList(s, Chars.skipSpaces(s, ptEnd, to), to));
  }

  /** The grammar of {@link #parse}, checked without building anything; see {@link AttributeParser#check}. */
  static int check(String s, int from, int to) {
    int leading = Check.leadingPayloadType(s, from, to);
    int pt = leading & 0xFF;
    int ptEnd = Check.fieldEnd(leading);
    int a = Chars.skipSpaces(s, ptEnd, to);
    boolean canonical = Parameter.checkList(s, a, to);
    return AttributeParser.checked(pt, canonical && Chars.isPlainNumber(s, from, ptEnd) && Chars.isOneSpace(s, ptEnd, a));
  }

  /** The value of the first parameter called {@code name} (empty also when it has no value). */
  public Optional<String> get(String name) {
    for (Parameter p : parameters) {
      if (p.name().equals(name)) {
        return Optional.ofNullable(p.value());
      }
    }
    return Optional.empty();
  }

  /** A copy with {@code name} set to {@code value}, in place if present, appended otherwise. */
  public Fmtp with(String name, String value) {
    List<Parameter> list = new ArrayList<>(parameters);
    Parameter p = new Parameter(name, value);
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).name().equals(name)) {
        list.set(i, p);
        return new Fmtp(payloadType, list);
      }
    }
    list.add(p);
    return new Fmtp(payloadType, list);
  }

  @Override
  public String attributeName() {
    return "fmtp";
  }

  @Override
  public String attributeValue() {
    return ValueWriter.valueOf(this);
  }

  @Override
  public void appendValue(StringBuilder sb) {
    sb.append(payloadType).append(' ');
    Parameter.appendList(sb, parameters);
  }

  @Override
  public String toString() {
    return "fmtp:" + attributeValue();
  }
}
