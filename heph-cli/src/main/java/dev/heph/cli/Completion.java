package dev.heph.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Completion scripts for bash, zsh and fish, made from the command models: commands, subcommands
 * and options come from picocli's {@link CommandSpec}s, and what a value may be from its label
 * ({@link #values}). Ids (working-set numbers) and tags are asked of {@code heph __complete} as
 * the person types, with the {@code --db} already on the line.
 */
final class Completion {
  private Completion() {}

  /** What may be typed for an option's value or a positional parameter. */
  sealed interface Values {
    /** Free text: nothing to offer. */
    record None() implements Values {}

    /** The working-set numbers of open nodes. */
    record Ids() implements Values {}

    /** The tags in the store. */
    record Tags() implements Values {}

    /** File names. */
    record Files() implements Values {}

    /** One of a few words. */
    record Choices(List<String> words) implements Values {}
  }

  /**
   * What {@code arg} takes, from its option name or label: ids for {@code ID}/{@code OTHER}/{@code ID|FILTER},
   * {@code --parent} and {@code --depends}, tags for {@code --tag}/{@code --untag}, files for {@code PATH}/{@code PEM},
   * the words of a label like {@code task|note} or {@code H|M|L}, and a lower-case label as it is.
   */
  static Values values(ArgSpec arg) {
    String label = arg.paramLabel();
    String option = arg instanceof OptionSpec o ? o.longestName() : "";
    return switch (option) {
      case "--tag", "--untag" -> new Values.Tags();
      case "--parent", "--depends", "--no-depends" -> new Values.Ids();
      case "--color" -> new Values.Choices(List.of("auto", "always", "never"));
      case "--status" -> new Values.Choices(List.of("open", "doing", "done", "cancelled"));
      case "--priority" -> new Values.Choices(List.of("H", "M", "L", "none"));
      default -> switch (label) {
        case "ID", "OTHER", "ID|FILTER" -> new Values.Ids(); // a filter's words are free: ids are what helps
        case "PATH", "PEM" -> new Values.Files();
        // "task|note", or a word to type as it is ("status")
        default -> label.matches("[a-z]+(\\|[a-z]+)*|[A-Z](\\|[A-Z])+") ? new Values.Choices(List.of(label.split("\\|")))
            : new Values.None();
      };
    };
  }

  /** One command of the tree: its path under heph ("" for heph itself, "conflicts resolve"...). */
  private record Command(String path, CommandSpec spec) {}

  private static List<Command> commands(CommandLine heph) {
    List<Command> all = new ArrayList<>();
    walk("", heph.getCommandSpec(), all);
    return all;
  }

  private static void walk(String path, CommandSpec spec, List<Command> all) {
    all.add(new Command(path, spec));
    for (Map.Entry<String, CommandLine> sub : spec.subcommands().entrySet()) {
      if (!sub.getValue().getCommandSpec().usageMessage().hidden()) {
        walk(path.isEmpty() ? sub.getKey() : path + " " + sub.getKey(), sub.getValue().getCommandSpec(), all);
      }
    }
  }

  private static List<String> visibleSubcommands(CommandSpec spec) {
    return spec.subcommands().entrySet().stream().filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden())
        .map(Map.Entry::getKey).sorted().toList();
  }

  /** Names of options that take no value; heph itself also takes the global flags before a command. */
  private static List<String> flags(Command c) {
    List<String> names = new ArrayList<>(c.path().isEmpty() ? List.of("--json", "--debug") : List.of());
    c.spec().options().stream().filter(o -> !o.hidden() && o.arity().max() == 0).forEach(o -> names.addAll(List.of(o.names())));
    return names;
  }

  private static List<String> valueOptions(Command c) {
    List<String> names = new ArrayList<>(c.path().isEmpty() ? List.of("--db") : List.of());
    c.spec().options().stream().filter(o -> !o.hidden() && o.arity().max() > 0).forEach(o -> names.addAll(List.of(o.names())));
    return names;
  }

  /** Each positional's values by index, as bash words ("ids", "c:a,b", "-"); "*" marks one that repeats. */
  private static String positionals(CommandSpec spec) {
    List<String> words = new ArrayList<>();
    for (PositionalParamSpec p : spec.positionalParameters()) { // in index order
      boolean repeats = p.arity().max() > 1 || p.index().max() > p.index().min();
      words.add(bashWord(values(p)) + (repeats ? "*" : ""));
      if (repeats) {
        break;
      }
    }
    return String.join(" ", words);
  }

  private static String bashWord(Values v) {
    return switch (v) {
      case Values.None n -> "-";
      case Values.Ids i -> "ids";
      case Values.Tags t -> "tags";
      case Values.Files f -> "files";
      case Values.Choices c -> "c:" + String.join(",", c.words());
    };
  }

  /** Every option with a value, by name, with what its value may be (the first command that has it decides). */
  private static Map<String, Values> optionValues(List<Command> commands) {
    Map<String, Values> byName = new LinkedHashMap<>();
    byName.put("--db", new Values.Files());
    for (Command c : commands) {
      for (OptionSpec o : c.spec().options()) {
        if (o.arity().max() > 0) {
          for (String name : o.names()) {
            byName.putIfAbsent(name, values(o));
          }
        }
      }
    }
    return byName;
  }

  /** A bash script defining {@code _heph} and registering it for {@code heph}. */
  static String bash(CommandLine heph) {
    List<Command> commands = commands(heph);
    StringBuilder sb = new StringBuilder();
    sb.append("""
        # bash completion for heph (made by 'heph completion bash'; see heph-completion(1)).
        # Install: heph completion bash > ~/.local/share/bash-completion/completions/heph

        # _heph_spec COMMAND: sets subs, flags, valopts and pos (each positional's values) for a command
        # ('' for heph itself, 'conflicts resolve'...). No variable is called path: zsh ties it to PATH.
        _heph_spec() {
          case "$1" in
        """);
    for (Command c : commands) {
      sb.append("    '").append(c.path()).append("') subs='").append(String.join(" ", visibleSubcommands(c.spec())))
          .append("'; flags='").append(String.join(" ", flags(c))).append("'; valopts='")
          .append(String.join(" ", valueOptions(c))).append("'; pos='").append(positionals(c.spec())).append("' ;;\n");
    }
    sb.append("""
            *) subs=''; flags=''; valopts=''; pos='' ;;
          esac
        }

        # _heph_option_values OPTION: what the option's value may be.
        _heph_option_values() {
          case "$1" in
        """);
    optionValues(commands).forEach((name, v) -> sb.append("    ").append(name).append(") echo '").append(bashWord(v)).append("' ;;\n"));
    sb.append("""
            *) echo '-' ;;
          esac
        }

        # _heph_offer VALUES CURRENT: adds the candidates to COMPREPLY; ids and tags come from the store.
        _heph_offer() {
          local IFS=$'\\n'
          case "$1" in
            ids) COMPREPLY+=( $(compgen -W "$("${COMP_WORDS[0]}" "${_heph_db[@]}" __complete ids 2>/dev/null | cut -f1)" -- "$2") ) ;;
            tags) COMPREPLY+=( $(compgen -W "$("${COMP_WORDS[0]}" "${_heph_db[@]}" __complete tags 2>/dev/null)" -- "$2") ) ;;
            files) compopt -o filenames 2>/dev/null; COMPREPLY+=( $(compgen -f -- "$2") ) ;;
            c:*) IFS=$',\n'; COMPREPLY+=( $(compgen -W "${1#c:}" -- "$2") ) ;;
          esac
        }

        _heph() {
          local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
          local cmd='' subs flags valopts pos n=0 i w
          _heph_db=()
          COMPREPLY=()
          _heph_spec ''
          for ((i = 1; i < COMP_CWORD; i++)); do
            w="${COMP_WORDS[i]}"
            case "$w" in
              -*)
                if [[ " $valopts " == *" $w "* ]]; then
                  [[ "$w" == --db ]] && _heph_db=(--db "${COMP_WORDS[i+1]}")
                  ((i++))
                fi ;;
              *)
                if ((n == 0)) && [[ " $subs " == *" $w "* ]]; then
                  cmd="${cmd:+$cmd }$w"
                  _heph_spec "$cmd"
                else
                  ((n++))
                fi ;;
            esac
          done
          if [[ " $valopts " == *" $prev "* && "$prev" == -* ]]; then
            _heph_offer "$(_heph_option_values "$prev")" "$cur"
            return 0
          fi
          if [[ "$cur" == -* ]]; then
            local IFS=$' \\t\\n'
            COMPREPLY=( $(compgen -W "$flags $valopts" -- "$cur") )
            return 0
          fi
          if ((n == 0)) && [[ -n "$subs" ]]; then
            local IFS=$' \\t\\n'
            COMPREPLY=( $(compgen -W "$subs" -- "$cur") )
          fi
          local kinds=($pos) kind=''
          if ((n < ${#kinds[@]})); then
            kind="${kinds[n]}"
          elif ((${#kinds[@]} > 0)) && [[ "${kinds[${#kinds[@]}-1]}" == *'*' ]]; then
            kind="${kinds[${#kinds[@]}-1]}"
          fi
          _heph_offer "${kind%'*'}" "$cur"
          return 0
        }

        complete -F _heph heph
        """);
    return sb.toString();
  }

  /** zsh runs the bash script through its bash-completion emulation. */
  static String zsh(CommandLine heph) {
    return """
        #compdef heph
        # zsh completion for heph (made by 'heph completion zsh'), through zsh's bash-completion emulation.
        # Install: heph completion zsh > "${fpath[1]}/_heph", or: source <(heph completion zsh) in ~/.zshrc
        autoload -U +X compinit && compinit
        autoload -U +X bashcompinit && bashcompinit
        """ + bash(heph);
  }

  /** A fish script: {@code complete} lines for every command, option and value. */
  static String fish(CommandLine heph) {
    List<Command> commands = commands(heph);
    StringBuilder sb = new StringBuilder("""
        # fish completion for heph (made by 'heph completion fish').
        # Install: heph completion fish > ~/.config/fish/completions/heph.fish
        function __heph_db
            set -l tokens (commandline -opc)
            set -l i (contains -i -- --db $tokens); and echo --db; and echo $tokens[(math $i + 1)]
        end
        complete -c heph -f
        """);
    for (Command c : commands) {
      String when = fishCondition(c.path(), visibleSubcommands(c.spec()));
      for (String sub : visibleSubcommands(c.spec())) {
        CommandSpec s = c.spec().subcommands().get(sub).getCommandSpec();
        sb.append("complete -c heph -n '").append(when).append("' -a ").append(sub).append(" -d ")
            .append(fishQuote(firstLine(s))).append('\n');
      }
      List<OptionSpec> options = new ArrayList<>(c.spec().options());
      for (OptionSpec o : options) {
        if (o.hidden()) {
          continue;
        }
        sb.append("complete -c heph -n '").append(when).append("'");
        for (String name : o.names()) {
          sb.append(name.startsWith("--") ? " -l " + name.substring(2) : " -s " + name.substring(1));
        }
        if (o.arity().max() > 0) { // -r: takes a value; -x: a value that is not a file name
          Values v = values(o);
          sb.append(v instanceof Values.Files ? " -r" : " -x").append(fishValues(v));
        }
        sb.append(" -d ").append(fishQuote(o.description().length == 0 ? "" : o.description()[0])).append('\n');
      }
      if (c.path().isEmpty()) {
        sb.append("complete -c heph -n '").append(when).append("' -l db -r -F -d 'Database file'\n");
        sb.append("complete -c heph -n '").append(when).append("' -l json -d 'Print JSON'\n");
      }
      String positional = c.spec().positionalParameters().stream().map(Completion::values)
          .filter(v -> !(v instanceof Values.None)).findFirst().map(Completion::fishValues).orElse("");
      if (!positional.isEmpty()) {
        sb.append("complete -c heph -n '").append(when).append("'").append(positional).append('\n');
      }
    }
    return sb.toString();
  }

  /** True in fish while the words typed so far lead to {@code path} and no further subcommand. */
  private static String fishCondition(String path, List<String> subs) {
    if (path.isEmpty()) {
      return "__fish_use_subcommand";
    }
    String cond = Arrays.stream(path.split(" ")).map(w -> "__fish_seen_subcommand_from " + w)
        .collect(Collectors.joining("; and "));
    return subs.isEmpty() ? cond : cond + "; and not __fish_seen_subcommand_from " + String.join(" ", subs);
  }

  private static String fishValues(Values v) {
    return switch (v) {
      case Values.None n -> "";
      case Values.Ids i -> " -a '(heph (__heph_db) __complete ids 2>/dev/null)'";
      case Values.Tags t -> " -a '(heph (__heph_db) __complete tags 2>/dev/null)'";
      case Values.Files f -> " -F";
      case Values.Choices c -> " -a " + fishQuote(String.join(" ", c.words()));
    };
  }

  private static String firstLine(CommandSpec spec) {
    String[] d = spec.usageMessage().description();
    return d.length == 0 ? "" : d[0];
  }

  /** A fish single-quoted word: backslashes and quotes escaped. */
  private static String fishQuote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
