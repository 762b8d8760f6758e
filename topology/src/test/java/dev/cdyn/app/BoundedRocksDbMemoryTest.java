package dev.cdyn.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.config.Settings;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** Every store of the process draws on one cache and one write buffer manager, sized by one setting. */
class BoundedRocksDbMemoryTest {

    static {
        RocksDB.loadLibrary();
    }

    @Test
    void everyStoreSharesOneCacheAndOneWriteBufferManager() {
        Map<String, Object> configs = Map.of(Settings.ROCKSDB_MEMORY_BYTES, 64L * 1024 * 1024);
        BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
        try (Options first = new Options(); Options second = new Options()) {
            first.setTableFormatConfig(new BlockBasedTableConfig());
            second.setTableFormatConfig(new BlockBasedTableConfig());
            setter.setConfig("customer-activity", first, configs);
            setter.setConfig("seen-event-ids", second, configs);

            BoundedRocksDbMemory.Shared shared = BoundedRocksDbMemory.shared(1);
            assertTrue(((BlockBasedTableConfig) first.tableFormatConfig()).cacheIndexAndFilterBlocks());
            assertEquals(CompressionType.LZ4_COMPRESSION, first.compressionType());
            assertSame(shared.writeBufferManager(), first.writeBufferManager());
            assertSame(shared.writeBufferManager(), second.writeBufferManager());
            setter.close("customer-activity", first);
            assertTrue(shared.cache().isOwningHandle(), "closing one store leaves the shared cache open");
        }
    }

    @Test
    void theSizeComesFromTheSettingAndIsKeptForTheProcess() {
        BoundedRocksDbMemory.Shared first = BoundedRocksDbMemory.shared(64L * 1024 * 1024);
        BoundedRocksDbMemory.Shared again = BoundedRocksDbMemory.shared(1);
        assertSame(first, again);
        assertEquals(first.bytes(), again.bytes());
    }

    @Test
    void aMissingSizeNamesTheSetting() {
        ConfigException e = assertThrows(ConfigException.class, () -> BoundedRocksDbMemory.bytes(Map.of()));
        assertTrue(e.getMessage().contains(Settings.ROCKSDB_MEMORY_BYTES), e.getMessage());
    }

    @Test
    void theSettingDefaultsToABoundAndReachesStreams() {
        Settings settings = new Settings(Map.of());
        assertEquals(256L * 1024 * 1024, settings.streamsProperties().get(Settings.ROCKSDB_MEMORY_BYTES));
        assertEquals(256L * 1024 * 1024, BoundedRocksDbMemory.bytes(Map.copyOf(
                settings.streamsProperties().entrySet().stream().collect(Collectors.toMap(
                        e -> e.getKey().toString(), Map.Entry::getValue)))));
    }
}
