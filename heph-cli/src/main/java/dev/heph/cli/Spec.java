package dev.heph.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** Small builders for command models, so each command reads as a list of its options. */
final class Spec {
  private Spec() {}

  /** A command run by {@code command} (null: none), with a description and optional footer lines. */
  static CommandSpec command(Object command, String name, String[] description, String... footer) {
    CommandSpec spec = (command == null ? CommandSpec.create() : CommandSpec.wrapWithoutInspection(command)).name(name);
    spec.usageMessage().description(description);
    if (footer.length > 0) {
      spec.usageMessage().footer(footer);
    }
    return spec;
  }

  /** A boolean flag. */
  static OptionSpec flag(String name, String description) {
    return OptionSpec.builder(name).type(boolean.class).description(description).build();
  }

  /** An option taking one value. */
  static OptionSpec option(String name, String label, String description) {
    return OptionSpec.builder(name).type(String.class).paramLabel(label).description(description).build();
  }

  /** A repeatable option; its values collect into a list. */
  static OptionSpec repeatable(String name, String label, String description) {
    return OptionSpec.builder(name).type(List.class).auxiliaryTypes(String.class).paramLabel(label)
        .description(description).build();
  }

  /** A required positional parameter at {@code index}. */
  static PositionalParamSpec positional(int index, String label, String description) {
    return PositionalParamSpec.builder().index(Integer.toString(index)).arity("1").required(true).type(String.class).paramLabel(label)
        .description(description).build();
  }

  /** One or more words from {@code index} on. */
  static PositionalParamSpec words(int index, String label, String description) {
    return PositionalParamSpec.builder().index(index + "..*").arity("1..*").required(true).type(List.class)
        .auxiliaryTypes(String.class).paramLabel(label).description(description).build();
  }

  /**
   * Filter words from {@code index} on ({@code required}: at least one), taken one at a time: picocli
   * would stop a list at {@code -home}, which it reads as {@code -h} with a value, and a filter's
   * {@code -tag} must stay a word. The values are read back by {@link Invocation#words}.
   */
  static PositionalParamSpec filterWords(int index, String label, String description, boolean required) {
    return PositionalParamSpec.builder().index(index + "..*").arity(required ? "1..*" : "0..*").required(required)
        .type(List.class).auxiliaryTypes(String.class).paramLabel(label).description(description)
        .parameterConsumer((args, arg, command) -> {
          String word = args.pop();
          if (word.startsWith("--") && word.length() > 2) {
            // A filter word never starts with two dashes: this is a mistyped option (a usage error).
            throw new CommandLine.UnmatchedArgumentException(command.commandLine(), List.of(word));
          }
          List<String> words = new ArrayList<>(arg.<List<String>>getValue() == null ? List.of() : arg.getValue());
          words.add(word);
          arg.setValue(words);
        }).build();
  }
}
