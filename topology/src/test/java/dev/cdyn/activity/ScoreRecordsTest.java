package dev.cdyn.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.scores.AlertKind;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scores.LoyaltyTier;
import dev.cdyn.scores.RiskBand;
import dev.cdyn.scores.ScoreAlert;
import dev.cdyn.scoring.Band;
import dev.cdyn.scoring.CustomerScorer;
import dev.cdyn.scoring.Reason;
import dev.cdyn.scoring.Tier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/** Bands and tiers cross between the model and the contracts by name, whatever position a symbol has. */
class ScoreRecordsTest {

    /** The score contract with a band added between MEDIUM and HIGH, as a later version might. */
    private static final Schema WITH_ELEVATED_BAND = new Schema.Parser().parse(CustomerScore.getClassSchema().toString()
            .replace("\"symbols\":[\"LOW\",\"MEDIUM\",\"HIGH\",\"CRITICAL\",\"UNKNOWN\"]",
                    "\"symbols\":[\"LOW\",\"MEDIUM\",\"ELEVATED\",\"HIGH\",\"CRITICAL\",\"UNKNOWN\"]"));

    @Test
    void everyBandAndTierHasTheContractSymbolOfItsName() {
        for (Band band : Band.values()) {
            assertEquals(band.name(), ScoreRecords.riskBand(band).name());
            assertEquals(band, ScoreRecords.band(ScoreRecords.riskBand(band)));
        }
        for (Tier tier : Tier.values()) {
            assertEquals(tier.name(), ScoreRecords.loyaltyTier(tier).name());
            assertEquals(tier, ScoreRecords.tier(ScoreRecords.loyaltyTier(tier)));
        }
        assertNull(ScoreRecords.band(RiskBand.UNKNOWN));
        assertNull(ScoreRecords.tier(LoyaltyTier.UNKNOWN));
    }

    @Test
    void aSymbolAddedInTheMiddleLeavesEveryBandMappedToItsName() {
        Schema bands = WITH_ELEVATED_BAND.getField("riskBand").schema();
        assertNotEquals(Band.HIGH.ordinal(), bands.getEnumOrdinal("HIGH"), "the copy moves HIGH, or the test proves nothing");
        for (Band band : Band.values()) {
            assertEquals(band.name(), ScoreRecords.symbol(bands, band).toString());
        }
        Schema fewer = Schema.createEnum("RiskBand", null, "dev.cdyn.scores", List.of("LOW", "MEDIUM"));
        assertThrows(IllegalArgumentException.class, () -> ScoreRecords.symbol(fewer, Band.HIGH));
    }

    @Test
    void scoresWrittenWithEitherVersionReadBackAsTheSameBand() throws IOException {
        for (Band band : Band.values()) {
            // Written by this application, read by a consumer that has the newer contract.
            CustomerScore score = score(ScoreRecords.riskBand(band));
            GenericRecord read = new GenericDatumReader<GenericRecord>(CustomerScore.getClassSchema(), WITH_ELEVATED_BAND)
                    .read(null, DecoderFactory.get().binaryDecoder(bytes(new SpecificDatumWriter<>(CustomerScore.class),
                            score), null));
            assertEquals(band.name(), read.get("riskBand").toString());

            // Written by a producer that has the newer contract, read back by this application.
            GenericRecord newer = new GenericData.Record(WITH_ELEVATED_BAND);
            CustomerScore.getClassSchema().getFields().forEach(f -> newer.put(f.name(), GenericData.get()
                    .deepCopy(f.schema(), score.get(f.name()))));
            newer.put("riskBand", ScoreRecords.symbol(WITH_ELEVATED_BAND.getField("riskBand").schema(), band));
            newer.put("asOf", score.getAsOf().toEpochMilli());
            CustomerScore back = new SpecificDatumReader<CustomerScore>(WITH_ELEVATED_BAND, CustomerScore.getClassSchema())
                    .read(null, DecoderFactory.get().binaryDecoder(bytes(new GenericDatumWriter<>(WITH_ELEVATED_BAND),
                            newer), null));
            assertEquals(band, ScoreRecords.band(back.getRiskBand()));
        }
    }

    @Test
    void aBandOnlyTheNewerContractKnowsIsNoPreviousBand() throws IOException {
        GenericRecord newer = new GenericData.Record(WITH_ELEVATED_BAND);
        CustomerScore score = score(RiskBand.LOW);
        CustomerScore.getClassSchema().getFields().forEach(f -> newer.put(f.name(), GenericData.get()
                .deepCopy(f.schema(), score.get(f.name()))));
        newer.put("asOf", score.getAsOf().toEpochMilli());
        newer.put("riskBand", new GenericData.EnumSymbol(WITH_ELEVATED_BAND.getField("riskBand").schema(), "ELEVATED"));
        CustomerScore back = new SpecificDatumReader<CustomerScore>(WITH_ELEVATED_BAND, CustomerScore.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes(new GenericDatumWriter<>(WITH_ELEVATED_BAND), newer),
                        null));
        assertEquals(RiskBand.UNKNOWN, back.getRiskBand());
        assertNull(ScoreRecords.band(back.getRiskBand()));
        assertTrue(WITH_ELEVATED_BAND.getField("riskBand").schema().hasEnumSymbol("ELEVATED"));
    }

    private static CustomerScore score(RiskBand band) {
        return CustomerScore.newBuilder().setCustomerId("c1").setLoyalty(50).setLoyaltyTier(LoyaltyTier.SILVER)
                .setChurnRisk(0.4).setRiskBand(band).setReasons(List.of()).setFeatures(Map.of("x", 1.0))
                .setModelVersion("test").setAsOf(Instant.parse("2026-01-01T00:00:00Z")).setHorizonDays(90).build();
    }

    private static <T> byte[] bytes(DatumWriter<T> writer, T datum) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        writer.write(datum, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static Reason risk(String code, double contribution) {
        return new Reason(Reason.Target.CHURN_RISK, code, code + " text", contribution);
    }

    private static Reason loyalty(String code, double contribution) {
        return new Reason(Reason.Target.LOYALTY, code, code + " text", contribution);
    }

    private static ScoreAlert alertWith(boolean risk, Reason... reasons) {
        CustomerScorer.Outcome outcome = new CustomerScorer.Outcome(0.7, 0.8, Band.HIGH, 30, Tier.BRONZE,
                List.of(reasons), true, List.of());
        CustomerScorer.Alert alert = risk ? new CustomerScorer.Alert(true, Band.MEDIUM, Band.HIGH, 0.6, 0.5, 0.7)
                : new CustomerScorer.Alert(false, Tier.SILVER, Tier.BRONZE, 40, 45, 30);
        return ScoreRecords.alert("c-1", alert, outcome, 86_400_000L, "v-1");
    }

    @Test
    void aRiskAlertGivesTheThreeLargestRiskContributionsThatRaisedIt() {
        ScoreAlert alert = alertWith(true, risk("population_baseline", 3.0), risk("recency", 0.4),
                loyalty("tenure", 9.0), risk("tickets", 1.2), risk("sentiment", -0.8), risk("frequency", 0.4),
                risk("csat", 0.1));
        // Largest first; of two equal ones the first given; the baseline, loyalty's and lowering terms left out.
        assertEquals(List.of("tickets text", "recency text", "frequency text"), alert.getTopReasons());
        assertEquals(AlertKind.RISK_BAND_RAISED, alert.getKind());
        assertEquals("MEDIUM", alert.getFromLevel());
        assertEquals("HIGH", alert.getToLevel());
    }

    @Test
    void aLoyaltyAlertGivesTheTermsThatPulledLoyaltyDown() {
        ScoreAlert alert = alertWith(false, loyalty("tenure", 5.0), loyalty("value", -2.0), risk("recency", -9.0),
                loyalty("sentiment", -3.5));
        assertEquals(List.of("sentiment text", "value text"), alert.getTopReasons());
        assertEquals(AlertKind.LOYALTY_TIER_DROPPED, alert.getKind());
    }

    @Test
    void withNoTermPushingTheAlertsWayTheTermsLeaningMostThatWayAreGiven() {
        ScoreAlert alert = alertWith(true, risk("population_baseline", 1.0), risk("orders", -2.0),
                risk("tenure", -0.5), risk("tickets", -1.0), risk("meetings", -3.0));
        assertEquals(List.of("tenure text", "tickets text", "orders text"), alert.getTopReasons());
        assertTrue(alertWith(true, loyalty("tenure", 1.0)).getTopReasons().isEmpty());
    }
}
