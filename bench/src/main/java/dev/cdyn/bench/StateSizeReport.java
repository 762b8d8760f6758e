package dev.cdyn.bench;

import dev.cdyn.activity.ActivitySerde;
import dev.cdyn.activity.CustomerActivity;
import dev.cdyn.activity.Customers;

/** Prints the stored size of a typical and a busy customer's activity (what the changelog carries per update). */
public final class StateSizeReport {

    private StateSizeReport() {
    }

    public static void main(String[] args) {
        report("typical", "90 days: an order every 2 weeks, a call a week, an e-mail every 4 days, 1 open ticket",
                Customers.typical());
        report("busy", "92 days with every figure non-zero every day, 3 to 7 orders a day, 32 open tickets",
                Customers.busy());
    }

    private static void report(String name, String what, CustomerActivity activity) {
        byte[] bytes = ActivitySerde.encode(activity);
        System.out.printf("| %s | %s | %d days, %d open tickets, %d remembered orders | %,d bytes |%n", name, what,
                activity.dayCount(), activity.openTicketCount(), activity.rememberedOrderCount(), bytes.length);
    }
}
