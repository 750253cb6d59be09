package dev.heph.daemon.login;

import java.time.Duration;
import java.time.Instant;

/**
 * The approval pages a person sees at {@code /device}: plain HTML forms, no script, no style
 * sheet, every value escaped. The forms post back to {@code /device} only.
 */
final class ApprovalPage {
  private ApprovalPage() {}

  /** Asks for the code the device shows. */
  static String enterCode(String problem) {
    return page("Log in a device", problem, """
        <p>Enter the code your device shows (<code>heph login</code> printed it).</p>
        <form method="post" action="/device">
        <p><label>Code <input name="user_code" autocomplete="off" autocapitalize="characters" required \
        placeholder="XXXX-XXXX" maxlength="16" autofocus></label></p>
        <p><button type="submit" name="action" value="code">Continue</button></p>
        </form>
        """);
  }

  /** Asks the person to approve the login {@code w}: by pasting a token, or through the identity provider. */
  static String approve(DeviceGrants.Waiting w, Instant now, boolean identityProvider, String problem) {
    long minutes = Duration.between(w.started(), now).toMinutes();
    String hidden = "<input type=\"hidden\" name=\"user_code\" value=\"" + escape(w.userCode()) + "\">\n"
        + "<input type=\"hidden\" name=\"secret\" value=\"" + escape(w.formSecret()) + "\">\n";
    String provider = !identityProvider ? "" : """
        <form method="post" action="/device">
        %s<p><button type="submit" name="action" value="idp">Sign in with the identity provider</button></p>
        </form>
        <p>Or:</p>
        """.formatted(hidden);
    return page("Approve a device", problem, """
        <p>The device <strong>%s</strong> asked to log in %s with the code <strong>%s</strong>.</p>
        <p>Approve only if you started <code>heph login</code> on that device yourself just now: whoever \
        you approve can read and change your tasks and notes.</p>
        %s<form method="post" action="/device">
        %s<p><label>A device token or an enrolment code from your hub's admin \
        <input type="password" name="token" autocomplete="off" required maxlength="8192"></label></p>
        <p><button type="submit" name="action" value="approve">Approve</button></p>
        </form>
        <form method="post" action="/device">
        %s<p><button type="submit" name="action" value="deny">Deny</button></p>
        </form>
        """.formatted(escape(w.device()), minutes < 1 ? "less than a minute ago" : minutes + " min ago",
        escape(w.userCode()), provider, hidden, hidden));
  }

  /** The end of an approval. */
  static String done(String title, String text) {
    return page(title, null, "<p>" + escape(text) + "</p>\n");
  }

  private static String page(String title, String problem, String body) {
    return """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>heph: %s</title></head>
        <body>
        <h1>%s</h1>
        %s%s</body>
        </html>
        """.formatted(escape(title), escape(title), problem == null ? "" : "<p role=\"alert\"><strong>" + escape(problem)
        + "</strong></p>\n", body);
  }

  /** Text as HTML text or a quoted attribute value: the five characters HTML gives meaning to. */
  static String escape(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
