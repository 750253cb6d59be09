package dev.heph.daemon;

import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into an orderly stop. The JVM's default would run shutdown hooks and
 * exit 143; a daemon asked to stop that stops cleanly should say so with exit code 0.
 */
final class Signals {
  private Signals() {}

  static void onTermination(Runnable stop) {
    Runnable once = new Runnable() {
      private boolean started;

      @Override
      public synchronized void run() {
        if (!started) {
          started = true;
          Thread.ofPlatform().name("hephd-stop").start(stop);
        }
      }
    };
    Signal.handle(new Signal("TERM"), signal -> once.run());
    Signal.handle(new Signal("INT"), signal -> once.run());
  }
}
