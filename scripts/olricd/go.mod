module clusterscope.local/olricd

go 1.23

require github.com/buraksezer/olric v0.5.7
