package dev.heph.sync.login;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.heph.core.HephException;
import dev.heph.core.PrivateFiles;
import dev.heph.core.json.JsonText;
import dev.heph.core.op.Json;
import dev.heph.core.text.Utf8;
import dev.heph.sync.spoke.HubTrust;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A device's login to a hub, kept beside its replica in {@code <db>.login} (0600): the hub URL,
 * the device token it issued, and the CA file to trust for it (null: the JDK's trust store). A
 * token is only ever handed out for the hub it was issued for: same scheme, host and port.
 */
public record Credentials(String hubUrl, String token, String caFile) {
  /** Longest token taken (an identity provider's JWT may be a few KiB; a device token is 48 chars). */
  static final int MAX_TOKEN_CHARS = 8192;
  private static final int MAX_FILE_BYTES = 64 * 1024;

  public Credentials {
    Objects.requireNonNull(hubUrl, "hubUrl");
    checkToken(token);
  }

  /** The file that holds the login of the replica at {@code db}. */
  public static Path fileOf(Path db) {
    return db.resolveSibling(db.getFileName() + ".login");
  }

  /**
   * Refuses what cannot be a bearer token: empty, longer than {@value #MAX_TOKEN_CHARS} chars, or
   * holding anything but visible ASCII (an HTTP header value; a pasted newline would split it).
   */
  public static void checkToken(String token) {
    if (token == null || token.isEmpty()) {
      throw new HephException.InvalidInput("the token is empty");
    }
    if (token.length() > MAX_TOKEN_CHARS) {
      throw new HephException.InvalidInput("the token is longer than " + MAX_TOKEN_CHARS + " characters");
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new HephException.InvalidInput("the token holds a character a token cannot have (at position " + i
            + "); paste it exactly as printed");
      }
    }
  }

  /** Whether this login's token may be sent to {@code url}: same scheme, host and port as the hub it is for. */
  public boolean issuedFor(String url) {
    try {
      return origin(hubUrl).equals(origin(url));
    } catch (IllegalArgumentException e) {
      return false; // a URL that cannot be compared is never sent a token
    }
  }

  /** The token to send to {@code url}, when the replica at {@code db} has a login for that hub. */
  public static Optional<String> tokenFor(Path db, String url) {
    return load(db).filter(c -> c.issuedFor(url)).map(Credentials::token);
  }

  /** The certificates the hub logged in to may present: those of the stored CA file, else the JDK's CAs. */
  public HubTrust trust() {
    return caFile == null ? HubTrust.systemDefault() : HubTrust.fromCaFile(Path.of(caFile));
  }

  /** The login stored for the replica at {@code db}, if any; a file that is not one is a clear error. */
  public static Optional<Credentials> load(Path db) {
    Path file = fileOf(db);
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw corrupt(file, "it is larger than a login file can be");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new HephException.InvalidInput("cannot read the login file " + file + ": " + e.getMessage());
    }
    PrivateFiles.tighten(file); // a copy restored from a backup may have come back readable
    try {
      return Optional.of(parse(Utf8.decode(bytes)));
    } catch (IllegalArgumentException | Utf8.Malformed | HephException.InvalidInput e) {
      throw corrupt(file, e.getMessage());
    }
  }

  /** Writes this login for the replica at {@code db}: a private temporary file renamed over the old one. */
  public Path save(Path db) {
    Path file = fileOf(db).toAbsolutePath();
    Path temp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    try {
      PrivateFiles.createDirectories(file.getParent());
      Files.deleteIfExists(temp); // left by a process with this pid that died half-way
      PrivateFiles.createFile(temp);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap((json() + "\n").getBytes(StandardCharsets.UTF_8)));
        channel.force(true); // on disk before it replaces the old login
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      return file;
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // the message below is about the real failure
      }
      throw new HephException.InvalidInput("cannot write the login file " + file + ": " + e.getMessage());
    }
  }

  /** Deletes the login of the replica at {@code db}; false when there was none. */
  public static boolean delete(Path db) {
    Path file = fileOf(db);
    try {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new HephException.InvalidInput("cannot delete the login file " + file + ": " + e.getMessage());
    }
  }

  /** The file's JSON: {@code {"hub_url","token","ca_file"}}. */
  String json() {
    return JsonText.of(g -> {
      g.writeStartObject();
      g.writeStringField("hub_url", hubUrl);
      g.writeStringField("token", token);
      g.writeStringField("ca_file", caFile);
      g.writeEndObject();
    });
  }

  /** Never the token: a record's own toString would put the secret into any log or message. */
  @Override
  public String toString() {
    return "Credentials[hubUrl=" + hubUrl + ", token=(hidden), caFile=" + caFile + "]";
  }

  private static Credentials parse(String text) {
    String url = null;
    String token = null;
    String caFile = null;
    try (JsonParser p = Json.FACTORY.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("it is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken value = p.nextToken();
        switch (key) {
          case "hub_url" -> url = string(p, value, key, false);
          case "token" -> token = string(p, value, key, false);
          case "ca_file" -> caFile = string(p, value, key, true);
          default -> p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new IllegalArgumentException("it is not one JSON object");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("it is not valid JSON: " + Json.problem(e));
    }
    if (url == null || token == null) {
      throw new IllegalArgumentException("it lacks " + (url == null ? "hub_url" : "token"));
    }
    origin(url); // a URL this build cannot compare would leak or never send its token
    return new Credentials(url, token, caFile);
  }

  private static String string(JsonParser p, JsonToken value, String key, boolean nullable) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    if (nullable && value == JsonToken.VALUE_NULL) {
      return null;
    }
    throw new IllegalArgumentException(key + " is not a string");
  }

  /** scheme://host:port, lower case, with the scheme's default port filled in. */
  private static String origin(String url) {
    try {
      URI uri = new URI(url.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        throw new IllegalArgumentException("'" + url + "' is not an http(s) URL with a host");
      }
      int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
      return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("'" + url + "' is not a URL: " + e.getReason());
    }
  }

  private static HephException corrupt(Path file, String reason) {
    return new HephException.InvalidInput("the login file " + file + " is damaged (" + reason + "); run heph logout"
        + " to remove it, then heph login URL");
  }
}
