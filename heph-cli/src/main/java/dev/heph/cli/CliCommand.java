package dev.heph.cli;

import picocli.CommandLine.Model.CommandSpec;

/**
 * One heph command: its picocli model, built in code, and what it does. Models are built this way
 * rather than from annotations because reading annotations costs ~40 ms of every start-up
 * (reflection and runtime-generated proxy classes, which no class cache can hold).
 */
interface CliCommand {

  /** The command's options and parameters (the global ones are added by {@link Main}). */
  CommandSpec spec();

  /** Runs the parsed command; returns the exit code. Failures are thrown, and mapped once in Main. */
  int run(Invocation in) throws Exception;
}
