package dev.cdyn.cli;

import java.util.concurrent.Callable;

/**
 * A command that comes in a module of its own (the demo, with its local broker), found on the
 * classpath through {@link java.util.ServiceLoader}. Implementations carry picocli's {@code @Command}.
 * The deployed application has none, so its command line offers only what it ships.
 */
public interface ExtraCommand extends Callable<Integer> {
}
