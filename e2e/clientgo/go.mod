module dev.virtualsecrets/e2e/clientgo

go 1.25.0

require (
	k8s.io/apimachinery v0.35.10 // indirect
	k8s.io/client-go v0.35.10 // indirect
)
