package org.rtc4j.whip;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rtc4j.peer.IceServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ICE servers in {@code Link} header fields (RFC 9725 §4.6, RFC 8288 §3):
 *
 * <pre>
 * Link: &lt;stun:stun.example.net&gt;; rel="ice-server"
 * Link: &lt;turn:turn.example.net?transport=udp&gt;; rel="ice-server"; username="user"; credential="pw"; credential-type="password"
 * </pre>
 *
 * <p>One field value per URL. A link with another relation, a URL rtc4j's {@link IceServer} does
 * not take, or a {@code credential-type} other than {@code password} is skipped (logged at DEBUG,
 * never with its credential), so that one bad link does not cost the others.
 */
public final class IceServerLinks {
  private static final Logger LOG = LoggerFactory.getLogger(IceServerLinks.class);

  private IceServerLinks() {}

  /** The {@code Link} field values for {@code servers}, one per URL. */
  public static List<String> format(List<IceServer> servers) {
    List<String> links = new ArrayList<>();
    for (IceServer s : servers) {
      for (String url : s.urls()) {
        StringBuilder b = new StringBuilder().append('<').append(url).append(">; rel=\"ice-server\"");
        if (s.username() != null) {
          b.append("; username=").append(quote(s.username()));
        }
        if (s.credential() != null) {
          b.append("; credential=").append(quote(s.credential())).append("; credential-type=\"password\"");
        }
        links.add(b.toString());
      }
    }
    return links;
  }

  /**
   * The ICE servers in {@code Link} field values (each value may hold several comma-separated
   * links), in order; links of other relations are ignored.
   */
  public static List<IceServer> parse(List<String> fieldValues) {
    List<IceServer> servers = new ArrayList<>();
    for (String value : fieldValues) {
      for (String link : splitLinks(value)) {
        IceServer s = parseLink(link);
        if (s != null) {
          servers.add(s);
        }
      }
    }
    return servers;
  }

  private static IceServer parseLink(String link) {
    String l = link.strip();
    int close = l.indexOf('>');
    if (!l.startsWith("<") || close < 0) {
      LOG.debug("skipped a Link without a <URI>");
      return null;
    }
    String url = l.substring(1, close).strip();
    Map<String, String> params = params(l.substring(close + 1));
    String rel = params.get("rel");
    if (rel == null || !List.of(rel.toLowerCase(Locale.ROOT).split("\\s+")).contains("ice-server")) {
      return null;
    }
    String type = params.get("credential-type");
    if (type != null && !type.equalsIgnoreCase("password")) {
      LOG.debug("skipped ICE server {}: credential-type {} is not supported", url, type);
      return null;
    }
    try {
      return new IceServer(List.of(url), params.get("username"), params.get("credential"));
    } catch (IllegalArgumentException e) {
      LOG.debug("skipped ICE server link: {}", e.getMessage());
      return null;
    }
  }

  /** {@code ; name=value; name="quoted \" value"} parameters, names in lower case (RFC 8288 §3). */
  private static Map<String, String> params(String s) {
    Map<String, String> out = new LinkedHashMap<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && (s.charAt(i) == ';' || Character.isWhitespace(s.charAt(i)))) {
        i++;
      }
      int nameStart = i;
      while (i < n && s.charAt(i) != '=' && s.charAt(i) != ';') {
        i++;
      }
      String name = s.substring(nameStart, i).strip().toLowerCase(Locale.ROOT);
      String value = "";
      if (i < n && s.charAt(i) == '=') {
        i++;
        while (i < n && Character.isWhitespace(s.charAt(i))) {
          i++;
        }
        if (i < n && s.charAt(i) == '"') {
          StringBuilder v = new StringBuilder();
          i++;
          while (i < n && s.charAt(i) != '"') {
            if (s.charAt(i) == '\\' && i + 1 < n) {
              i++;
            }
            v.append(s.charAt(i++));
          }
          i++; // the closing quote
          value = v.toString();
        } else {
          int start = i;
          while (i < n && s.charAt(i) != ';') {
            i++;
          }
          value = s.substring(start, i).strip();
        }
      }
      if (!name.isEmpty()) {
        out.putIfAbsent(name, value); // RFC 8288 §3: only the first occurrence of rel counts
      }
    }
    return out;
  }

  /** Splits a field value at the commas between links (not inside {@code <>} or quotes). */
  private static List<String> splitLinks(String value) {
    List<String> links = new ArrayList<>();
    boolean inUri = false;
    boolean inQuote = false;
    int start = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (inQuote) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inQuote = false;
        }
      } else if (c == '"') {
        inQuote = true;
      } else if (c == '<') {
        inUri = true;
      } else if (c == '>') {
        inUri = false;
      } else if (c == ',' && !inUri) {
        links.add(value.substring(start, i));
        start = i + 1;
      }
    }
    links.add(value.substring(start));
    return links;
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
