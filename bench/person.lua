-- wrk script: GET a random person among ids [FIRST, LAST] with a bearer token.
-- Set by environment: TUNAS_TOKEN, FIRST_ID, LAST_ID.
local token = os.getenv("TUNAS_TOKEN")
local first = tonumber(os.getenv("FIRST_ID"))
local last = tonumber(os.getenv("LAST_ID"))
local counter = 0

request = function()
	counter = counter + 1
	local id = first + (counter * 7919) % (last - first + 1)
	return wrk.format("GET", "/api/v1/people/" .. id, { ["Authorization"] = "Bearer " .. token })
end

done = function(summary, latency, requests)
	io.write(string.format("non2xx=%d\n", summary.errors.status))
end
