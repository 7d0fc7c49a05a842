package org.rtc4j.net;

/** {@link Clock#system()}: {@link System#nanoTime()}, the one place the stack reads real time. */
final class SystemClock implements Clock {

  static final SystemClock INSTANCE = new SystemClock();

  private SystemClock() {}

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public String toString() {
    return "Clock.system()";
  }
}
