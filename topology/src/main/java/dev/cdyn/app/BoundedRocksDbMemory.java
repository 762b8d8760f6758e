package dev.cdyn.app;

import dev.cdyn.config.Settings;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store of this process by one number,
 * {@value Settings#ROCKSDB_MEMORY_BYTES}: all stores share one LRU block cache of that size, and
 * their memtables are charged to the same cache through one {@link WriteBufferManager}, so that
 * the container's memory does not grow with the number of partitions (each task's store would
 * otherwise have its own cache and write buffers). Index and filter blocks live in the cache too,
 * at high priority. This is the bounded-memory pattern of Kafka Streams' memory management guide.
 * Blocks are compressed with LZ4 (Streams leaves them uncompressed).
 *
 * <p>The cache is made by the first store configured in the process and shared by every later one,
 * whatever instance it belongs to; it lives as long as the process, so {@link #close} leaves it open.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    /** Share of the memory that memtables may use (charged to the cache). */
    static final double WRITE_BUFFER_SHARE = 0.25;
    /** Share of the cache kept for index and filter blocks. */
    static final double INDEX_FILTER_SHARE = 0.1;
    private static final long BLOCK_SIZE = 16 * 1024L;

    private static Shared shared;

    /** The cache and the write buffer manager every store of the process uses. */
    record Shared(long bytes, Cache cache, WriteBufferManager writeBufferManager) {
    }

    /** The cache and write buffer manager of this process, made on first use with {@code bytes}. */
    static synchronized Shared shared(long bytes) {
        if (shared == null) {
            Cache cache = new LRUCache(bytes, -1, false, INDEX_FILTER_SHARE);
            shared = new Shared(bytes, cache, new WriteBufferManager((long) (bytes * WRITE_BUFFER_SHARE), cache));
        }
        return shared;
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Shared memory = shared(bytes(configs));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(memory.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        table.setBlockSize(BLOCK_SIZE);
        options.setWriteBufferManager(memory.writeBufferManager());
        options.setTableFormatConfig(table);
        // A customer's state holds its last score, reasons in words: LZ4 shrinks it on disk for little CPU.
        options.setCompressionType(CompressionType.LZ4_COMPRESSION);
    }

    static long bytes(Map<String, Object> configs) {
        Object value = configs.get(Settings.ROCKSDB_MEMORY_BYTES);
        if (value == null) {
            throw new ConfigException(Settings.ROCKSDB_MEMORY_BYTES, null, "is needed by " + BoundedRocksDbMemory.class.getName());
        }
        return Long.parseLong(value.toString());
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store of the process: kept open.
    }
}
