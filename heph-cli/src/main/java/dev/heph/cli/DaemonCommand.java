package dev.heph.cli;

import dev.heph.core.Locations;
import dev.heph.core.json.JsonText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph daemon status}: whether a hephd serves the socket, and its sync status. */
final class DaemonCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, "daemon", new String[] {"Ask the local daemon (hephd --mode local) how it is doing.",
        "Prints whether one runs and its sync status; --json prints daemon.status's result, or {\"running\":false}."});
    spec.addPositional(Spec.positional(0, "status", "What to ask: status."));
    spec.addOption(Spec.option("--socket", "PATH",
        "The daemon's socket (default: $XDG_RUNTIME_DIR/heph/hephd.sock, else ~/.local/share/heph/hephd.sock)."));
    return spec;
  }

  @Override
  public int run(Invocation in) throws IOException {
    String what = in.positional(0);
    Path socket = in.option("--socket") == null ? null : Path.of(in.option("--socket"));
    if (!"status".equals(what)) {
      throw new dev.heph.core.HephException.InvalidInput("unknown daemon subcommand '" + what + "' (use: status)");
    }
    Path path = socket != null ? socket : Locations.socket(System.getenv());
    String result = ask(path);
    Output out = in.out();
    if (in.json()) {
      out.jsonText(result != null ? result : notRunning(path));
    } else if (result == null) {
      out.text().println("no daemon is running (no answer on " + path + ")");
    } else {
      out.text().println(DaemonStatusText.describe(result));
    }
    return 0;
  }

  /** What --json prints when no daemon answers on {@code socket}. */
  private static String notRunning(Path socket) {
    return JsonText.of(g -> {
      g.writeStartObject();
      g.writeBooleanField("running", false);
      g.writeStringField("socket", socket.toString());
      g.writeEndObject();
    });
  }

  /** daemon.status's result as JSON text, or null when no daemon answers on the socket. */
  private static String ask(Path path) throws IOException {
    SocketChannel channel;
    try {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.connect(UnixDomainSocketAddress.of(path));
    } catch (IOException e) {
      return null;
    }
    try (channel; OutputStream out = Channels.newOutputStream(channel);
         BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8))) {
      out.write("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"daemon.status\"}\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      String line = in.readLine();
      if (line == null) {
        return null;
      }
      String result = RpcAnswer.result(line);
      if (result == null) {
        throw new dev.heph.core.HephException.InvalidInput("the daemon on " + path + " answered an error: " + line);
      }
      return result;
    }
  }
}
