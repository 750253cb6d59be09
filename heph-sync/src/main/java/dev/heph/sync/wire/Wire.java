package dev.heph.sync.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.heph.core.HephException;
import dev.heph.core.json.JsonText;
import dev.heph.core.op.Json;
import dev.heph.core.op.Op;
import dev.heph.core.op.OpReader;
import dev.heph.core.sync.LoggedOp;
import dev.heph.core.text.Unicode;
import dev.heph.core.text.Utf8;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * JSON encoding of the sync messages. Requests the hub reads are parsed strictly (unknown keys
 * refused); answers the spoke reads may carry keys a later protocol adds.
 */
public final class Wire {
  private Wire() {}

  /** Thrown when a push holds more ops than allowed; the hub answers 413. */
  public static final class TooManyOps extends RuntimeException {
    public TooManyOps(String message) {
      super(message);
    }
  }

  // ---- push request -------------------------------------------------------------------

  /** A push body from ops' stored JSON texts (sent as they are, never re-encoded). */
  public static byte[] pushBody(List<LoggedOp> rows) {
    StringBuilder sb = new StringBuilder(rows.size() * 160 + 16).append("{\"ops\":[");
    for (int i = 0; i < rows.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(rows.get(i).json());
    }
    return sb.append("]}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * Reads a push body strictly: UTF-8 bytes ({@link Utf8}, never repaired), exactly
   * {@code {"ops":[...]}}, each op valid; stops with {@link TooManyOps} as soon as the count
   * passes {@code maxOps}, before reading the rest.
   */
  public static List<Op> readPush(InputStream body, int maxOps) throws IOException {
    try (JsonParser p = Json.FACTORY.createParser(Utf8.checking(body))) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new HephException.InvalidOp("push body must be a JSON object {\"ops\":[...]}");
      }
      List<Op> ops = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        if (!key.equals("ops")) {
          throw new HephException.InvalidOp("push body: unknown key '" + key + "' (expected only 'ops')");
        }
        if (ops != null) {
          throw new HephException.InvalidOp("push body: duplicate key 'ops'");
        }
        if (p.nextToken() != JsonToken.START_ARRAY) {
          throw new HephException.InvalidOp("push body: 'ops' must be an array");
        }
        ops = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          if (ops.size() >= maxOps) {
            throw new TooManyOps("a push holds at most " + maxOps + " ops; send smaller batches");
          }
          String where = "ops[" + ops.size() + "]";
          if (t != JsonToken.START_OBJECT) {
            throw new HephException.InvalidOp(where + ": expected an op object");
          }
          ops.add(OpReader.read(p, where));
        }
      }
      if (ops == null) {
        throw new HephException.InvalidOp("push body: missing key 'ops'");
      }
      if (p.nextToken() != null) {
        throw new HephException.InvalidOp("push body: trailing content after the JSON object");
      }
      return ops;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      // Only parse errors become "invalid"; failures of the stream itself propagate as they are.
      throw new HephException.InvalidOp("push body is not valid JSON: " + e.getOriginalMessage());
    } catch (Utf8.Malformed e) {
      throw new HephException.InvalidOp("push body is not valid UTF-8: " + e.getMessage());
    }
  }

  // ---- answers --------------------------------------------------------------------------

  public static String info(HubInfo info) {
    return JsonText.of(g -> {
      g.writeStartObject();
      g.writeNumberField("protocol", info.protocol());
      g.writeStringField("hub_id", info.hubId());
      g.writeStringField("epoch", info.epoch());
      g.writeNumberField("seq", info.seq());
      g.writeStringField("time", info.time());
      g.writeEndObject();
    });
  }

  public static String pushAck(PushAck ack) {
    return JsonText.of(g -> {
      g.writeStartObject();
      g.writeNumberField("accepted", ack.accepted());
      g.writeNumberField("applied", ack.applied());
      g.writeNumberField("seq", ack.seq());
      g.writeStringField("hlc", ack.hlc());
      if (ack.base() >= 0) { // only when the batch brought new ops
        g.writeNumberField("base", ack.base());
      }
      g.writeEndObject();
    });
  }

  /**
   * Starts a pull page on {@code g}: the ops follow as their stored JSON texts (sent as they are,
   * never re-encoded, through {@link JsonGenerator#writeRawValue}), then {@link #endPullPage}.
   * Written as a stream, so that a hub never holds a whole page.
   */
  public static void startPullPage(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeArrayFieldStart("ops");
  }

  /** Ends a pull page begun with {@link #startPullPage}. */
  public static void endPullPage(JsonGenerator g, long next, boolean more, String epoch) throws IOException {
    g.writeEndArray();
    g.writeNumberField("next", next);
    g.writeBooleanField("more", more);
    g.writeStringField("epoch", epoch);
    g.writeEndObject();
  }

  public static String error(WireError error) {
    return JsonText.of(g -> {
      g.writeStartObject();
      g.writeObjectFieldStart("error");
      g.writeStringField("code", error.code());
      g.writeStringField("message", error.message());
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  // ---- reading answers (spoke side) -------------------------------------------------------

  public static HubInfo readInfo(String json) {
    return readObject(json, "hub info", (p, key, info) -> {
      switch (key) {
        case "protocol" -> info[0] = p.getIntValue();
        case "hub_id" -> info[1] = p.getText();
        case "epoch" -> info[2] = p.getText();
        case "seq" -> info[3] = p.getLongValue();
        case "time" -> info[4] = p.getText();
        default -> p.skipChildren();
      }
    }, 5, v -> new HubInfo((Integer) v[0], (String) v[1], (String) v[2], (Long) v[3], (String) v[4]));
  }

  public static PushAck readPushAck(String json) {
    return readObject(json, "push answer", (p, key, v) -> {
      switch (key) {
        case "accepted" -> v[0] = p.getIntValue();
        case "applied" -> v[1] = p.getIntValue();
        case "seq" -> v[2] = p.getLongValue();
        case "hlc" -> v[3] = p.getText();
        case "base" -> v[4] = p.getLongValue();
        default -> p.skipChildren();
      }
    }, 5, 4, v -> new PushAck((Integer) v[0], (Integer) v[1], (Long) v[2], (String) v[3],
        v[4] == null ? PushAck.NO_BASE : (Long) v[4]));
  }

  /**
   * Reads a pull page from a stream as it arrives, holding at most about {@code batchBytes} of
   * ops: each time the ops read reach that size they go to {@code earlier} (in order), and the page
   * returned holds the rest, which always includes the last op when the page has any. A page of
   * any size (an older hub bounds pages by count only) is read in bounded memory.
   *
   * @throws IllegalArgumentException when the page is not valid JSON or lacks a field
   * @throws Utf8.Malformed when the page is not UTF-8
   * @throws IOException when the stream itself fails (the connection broke)
   */
  public static PullPage readPullPage(InputStream in, long batchBytes, Consumer<List<Op>> earlier) throws IOException {
    Object[] values = new Object[4];
    // Decoded strictly (Utf8.Malformed when not UTF-8): a lenient decoder would store ops other
    // than the hub sent.
    try (JsonParser p = Json.FACTORY.createParser(Utf8.checking(in))) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("pull page is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        p.nextToken();
        switch (key) {
          case "ops" -> values[0] = readOps(p, batchBytes, earlier);
          case "next" -> values[1] = p.getLongValue();
          case "more" -> values[2] = p.getBooleanValue();
          case "epoch" -> values[3] = p.getText();
          default -> p.skipChildren();
        }
      }
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IllegalArgumentException("pull page is not valid JSON: " + Json.problem(e), e);
    }
    for (Object value : values) {
      if (value == null) {
        throw new IllegalArgumentException("pull page lacks a field this protocol requires");
      }
    }
    try {
      @SuppressWarnings("unchecked")
      List<Op> tail = (List<Op>) values[0];
      return new PullPage(tail, (Long) values[1], (Boolean) values[2], (String) values[3]);
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("pull page has a field of the wrong type", e);
    }
  }

  /** The ops array of a page, handed on in batches of about {@code batchBytes}; returns the last batch. */
  private static List<Op> readOps(JsonParser p, long batchBytes, Consumer<List<Op>> earlier) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new HephException.InvalidOp("ops must be a JSON array");
    }
    List<Op> batch = new ArrayList<>();
    long bytes = 0;
    int index = 0;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      String where = "ops[" + index++ + "]";
      if (t != JsonToken.START_OBJECT) {
        throw new HephException.InvalidOp(where + ": expected an op object");
      }
      long start = p.currentTokenLocation().getByteOffset();
      Op op = OpReader.read(p, where);
      long size = p.currentLocation().getByteOffset() - start;
      if (!batch.isEmpty() && bytes + size > batchBytes) {
        earlier.accept(batch);
        batch = new ArrayList<>();
        bytes = 0;
      }
      batch.add(op);
      bytes += size;
    }
    return batch;
  }

  /** The error in an error body, or null when the text is not one. */
  public static WireError readError(String json) {
    try (JsonParser p = Json.FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME
          || !p.currentName().equals("error") || p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String code = null;
      String message = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        p.nextToken();
        switch (key) {
          case "code" -> code = p.getText();
          case "message" -> message = p.getText();
          default -> p.skipChildren();
        }
      }
      return code == null ? null : new WireError(code, message == null ? "" : message);
    } catch (IOException e) {
      return null;
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  private interface FieldReader {
    void read(JsonParser p, String key, Object[] values) throws IOException;
  }



  private static <T> T readObject(String json, String what, FieldReader reader, int size,
      java.util.function.Function<Object[], T> build) {
    return readObject(json, what, reader, size, size, build);
  }

  /** As above, where only the first {@code required} fields must be present (the others are null when absent). */
  private static <T> T readObject(String json, String what, FieldReader reader, int size, int required,
      java.util.function.Function<Object[], T> build) {
    Object[] values = new Object[size];
    try (JsonParser p = Json.FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException(what + " is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        p.nextToken();
        reader.read(p, key, values);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " is not valid JSON: " + Json.problem(e), e);
    }
    for (int i = 0; i < size; i++) {
      if (values[i] == null && i < required) {
        throw new IllegalArgumentException(what + " lacks a field this protocol requires");
      }
      // A hub id or epoch that SQLite cannot keep unchanged would never match itself again.
      if (values[i] instanceof String s && Unicode.problem(s) != null) {
        throw new IllegalArgumentException(what + " holds text that is not valid Unicode (" + Unicode.problem(s) + ")");
      }
    }
    try {
      return build.apply(values);
    } catch (ClassCastException e) {
      throw new IllegalArgumentException(what + " has a field of the wrong type", e);
    }
  }
}
