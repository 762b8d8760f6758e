package dev.cdyn.it;

import dev.cdyn.cli.Cdyn;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One run of the command line's own entry point in this JVM, with what it printed. */
record CdynRun(int exitCode, String out, String err) {

    static CdynRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = Cdyn.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int code = line.execute(args);
        return new CdynRun(code, out.toString(), err.toString());
    }
}
